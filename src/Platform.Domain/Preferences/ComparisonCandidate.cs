namespace Platform.Domain.Preferences;

/// <summary>
/// One response to a comparison's prompt and where it came from: the run and/or adapter that produced
/// it and the model label its statistics are reported under.
/// </summary>
public sealed record ComparisonCandidate(Guid CandidateId, string Text, string ModelLabel, Guid? RunId, Guid? AdapterId);
