namespace Platform.Domain.Experiments;

/// <summary>One row per experiment: the question it asks, the task, and the metric its runs are judged by.</summary>
public sealed record ExperimentSummary
{
    public Guid Id { get; init; }

    public long Version { get; set; }

    public required string Name { get; init; }

    public required string Question { get; init; }

    public required string Task { get; init; }

    public required Objective Objective { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int SweepCount { get; init; }

    /// <summary>Runs queued by sweeps; runs queued one at a time under the experiment are counted by <c>GetExperiment</c>.</summary>
    public int SweptRunCount { get; init; }
}
