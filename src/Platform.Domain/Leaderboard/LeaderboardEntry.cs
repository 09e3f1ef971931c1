using Platform.Domain.Experiments;
using Platform.Domain.Runs;

namespace Platform.Domain.Leaderboard;

/// <summary>
/// One leaderboard row: a run's best value of one metric on one suite's split, with what it cost to get
/// there. The filtered and sorted fields are duplicated into columns (see <see cref="LeaderboardStorage"/>),
/// so filtering, sorting and paging run in SQL.
/// </summary>
public sealed record LeaderboardEntry
{
    /// <summary>Follows from (run, suite, split, metric), so re-storing a run's rows replaces them.</summary>
    public required string Id { get; init; }

    public Guid RunId { get; init; }

    public required string RunName { get; init; }

    public Guid? ExperimentId { get; init; }

    /// <summary>The experiment's task; empty for runs queued outside an experiment.</summary>
    public required string Task { get; init; }

    public required string Suite { get; init; }

    public required string Split { get; init; }

    public required string Metric { get; init; }

    /// <summary>The best value over the run's evaluations of this metric, in <see cref="Direction"/>.</summary>
    public double Value { get; init; }

    public OptimisationDirection Direction { get; init; }

    public required string Method { get; init; }

    public Guid? BaseModelId { get; init; }

    public RunStatus Status { get; init; }

    public double? TrainableParameterShare { get; init; }

    public double WallTimeSeconds { get; init; }

    public double? Cost { get; init; }

    /// <summary>When the best value was recorded.</summary>
    public DateTimeOffset EvaluatedAt { get; init; }

    public DateTimeOffset QueuedAt { get; init; }

    public static string IdFor(Guid runId, string suite, string split, string metric) => $"{runId:N}/{suite}/{split}/{metric}";
}
