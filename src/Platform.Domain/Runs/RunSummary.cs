namespace Platform.Domain.Runs;

/// <summary>One row per run: what the runs table, the run page and the workers read.</summary>
public sealed record RunSummary
{
    public Guid Id { get; init; }

    /// <summary>The stream version this row reflects (Marten sets it).</summary>
    public long Version { get; set; }

    public required string Name { get; init; }

    public required string Method { get; init; }

    public required string Dataset { get; init; }

    public required RunConfig Config { get; init; }

    public RunStatus Status { get; init; }

    public required string QueuedBy { get; init; }

    public DateTimeOffset QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? Worker { get; init; }

    public long? LastStep { get; init; }

    public double? LastLoss { get; init; }

    public double? BestLoss { get; init; }

    public int CheckpointCount { get; init; }

    public string? FailureReason { get; init; }

    public IReadOnlyDictionary<string, double> FinalMetrics { get; init; } = new Dictionary<string, double>();

    public TimeSpan? Duration => StartedAt is { } started ? (EndedAt ?? DateTimeOffset.UtcNow) - started : null;

    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed;
}
