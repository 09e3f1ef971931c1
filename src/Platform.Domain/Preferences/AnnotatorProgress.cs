namespace Platform.Domain.Preferences;

/// <summary>How much one annotator has done: the counts an annotation page shows after every submit.</summary>
public sealed record AnnotatorProgress
{
    /// <summary>The annotator's user name.</summary>
    public required string Id { get; init; }

    public int Rankings { get; init; }

    public int Skips { get; init; }

    public int Flags { get; init; }

    /// <summary>The time the annotator reported spending on their rankings, summed.</summary>
    public TimeSpan TimeSpent { get; init; }

    public DateTimeOffset? LastActiveAt { get; init; }
}
