namespace Platform.Domain.Runs;

/// <summary>Metrics of one evaluation of a run on a suite's split (e.g. suite "brown-genres", split "test").</summary>
public sealed record Evaluation(string Suite, string Split, IReadOnlyDictionary<string, double> Metrics, string RecordedBy, DateTimeOffset RecordedAt);
