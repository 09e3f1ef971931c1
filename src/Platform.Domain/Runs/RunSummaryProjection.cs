using Marten.Events.Aggregation;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;

namespace Platform.Domain.Runs;

/// <summary>Folds a run's events into its summary row; registered inline so workers read it at once.</summary>
public sealed class RunSummaryProjection : SingleStreamProjection<RunSummary, Guid>
{
    public static RunSummary Create(RunQueued queued) => new()
    {
        Id = queued.RunId,
        Name = queued.Config.Name,
        Method = queued.Config.Method,
        Dataset = queued.Config.Dataset,
        Config = queued.Config,
        Status = RunStatus.Queued,
        QueuedBy = queued.QueuedBy,
        QueuedAt = queued.QueuedAt,
    };

    public static RunSummary Apply(RunStarted started, RunSummary run) =>
        run with { Status = RunStatus.Running, StartedAt = started.StartedAt, Worker = started.Worker };

    public static RunSummary Apply(MetricsLogged logged, RunSummary run)
    {
        var losses = logged.Points
            .Where(p => p.Values.ContainsKey(MetricNames.TrainLoss))
            .Select(p => p.Values[MetricNames.TrainLoss])
            .ToList();
        return run with
        {
            LastStep = Math.Max(run.LastStep ?? 0, logged.Points.Max(p => p.Step)),
            LastLoss = losses.Count > 0 ? losses[^1] : run.LastLoss,
            BestLoss = losses.Count > 0 ? Math.Min(run.BestLoss ?? double.PositiveInfinity, losses.Min()) : run.BestLoss,
        };
    }

    public static RunSummary Apply(CheckpointSaved _, RunSummary run) =>
        run with { CheckpointCount = run.CheckpointCount + 1 };

    public static RunSummary Apply(RunCompleted completed, RunSummary run) =>
        run with { Status = RunStatus.Completed, EndedAt = completed.CompletedAt, FinalMetrics = completed.FinalMetrics };

    public static RunSummary Apply(RunFailed failed, RunSummary run) =>
        run with { Status = RunStatus.Failed, EndedAt = failed.FailedAt, FailureReason = failed.Reason };
}
