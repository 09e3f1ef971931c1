using Platform.Domain.Experiments;

namespace Platform.Domain.Runs;

/// <summary>One row per run: what the runs table, the run page, the leaderboard and the workers read.</summary>
public sealed record RunSummary
{
    public Guid Id { get; init; }

    /// <summary>The stream version this row reflects (Marten sets it).</summary>
    public long Version { get; set; }

    public required string Name { get; init; }

    public required string Method { get; init; }

    public required string Dataset { get; init; }

    public required RunConfig Config { get; init; }

    public Guid? ExperimentId { get; init; }

    /// <summary>The experiment's task, resolved when the run was queued.</summary>
    public string? Task { get; init; }

    /// <summary>The experiment's objective, resolved when the run was queued.</summary>
    public Objective? Objective { get; init; }

    public Guid? SweepId { get; init; }

    public string CodeVersion { get; init; } = Common.CodeVersion.Unknown;

    public RunStatus Status { get; init; }

    public required string QueuedBy { get; init; }

    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>When the current (or last) attempt started; a resumed run starts again.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Seconds spent running, summed over every attempt that ended.</summary>
    public double WallTimeSeconds { get; init; }

    public string? Worker { get; init; }

    public long? LastStep { get; init; }

    public double? LastLoss { get; init; }

    public double? BestLoss { get; init; }

    public int CheckpointCount { get; init; }

    public CheckpointReference? LastCheckpoint { get; init; }

    /// <summary>Set by a resume: the checkpoint the next attempt continues from.</summary>
    public CheckpointReference? ResumeFrom { get; init; }

    public int ResumeCount { get; init; }

    public string? FailureReason { get; init; }

    public string? CancelledBy { get; init; }

    public string? CancellationReason { get; init; }

    public IReadOnlyDictionary<string, double> FinalMetrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<Evaluation> Evaluations { get; init; } = [];

    /// <summary>The latest <see cref="MetricNames.TrainableParameterShare"/> the run reported, if any.</summary>
    public double? TrainableParameterShare { get; init; }

    /// <summary>The latest <see cref="MetricNames.Cost"/> the run reported, if any.</summary>
    public double? Cost { get; init; }

    public TimeSpan? Duration => StartedAt is { } started ? (EndedAt ?? DateTimeOffset.UtcNow) - started : null;

    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
