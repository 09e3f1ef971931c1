namespace Platform.Domain.Preferences;

public enum ComparisonStatus
{
    /// <summary>Nobody has ranked it yet.</summary>
    Open,

    /// <summary>At least one annotator ranked it; others may still.</summary>
    Ranked,

    /// <summary>Someone reported a problem with it: it takes no new rankings and is no longer handed out.</summary>
    Flagged,
}
