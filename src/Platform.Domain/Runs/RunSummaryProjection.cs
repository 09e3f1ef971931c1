using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Platform.Domain.Leaderboard;
using Platform.Domain.Runs.CancellingRun;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Domain.Runs.ResumingRun;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;

namespace Platform.Domain.Runs;

/// <summary>
/// Folds a run's events into its summary row; registered inline so workers read it at once. <see cref="Evolve"/>
/// is the one fold: Marten uses it for the stored row, for <c>AggregateStreamAsync</c> at a version or a time
/// (replay, time travel), and the run timeline calls it event by event. The run's leaderboard entries are
/// derived from the folded row in the same transaction (<see cref="RaiseSideEffects"/>).
/// </summary>
public sealed class RunSummaryProjection : SingleStreamProjection<RunSummary, Guid>
{
    public override RunSummary? Evolve(RunSummary? snapshot, Guid id, IEvent e) => (e.Data, snapshot) switch
    {
        (RunQueued queued, _) => Queued(queued),
        (_, null) => null,
        (RunStarted started, { } run) => run with { Status = RunStatus.Running, StartedAt = started.StartedAt, EndedAt = null, Worker = started.Worker },
        (MetricsLogged logged, { } run) => Logged(logged, run),
        (CheckpointSaved saved, { } run) => run with { CheckpointCount = run.CheckpointCount + 1, LastCheckpoint = new CheckpointReference(saved.Step, saved.Path) },
        (EvaluationRecorded evaluated, { } run) => run with
        {
            Evaluations = [.. run.Evaluations, new Evaluation(evaluated.Suite, evaluated.Split, evaluated.Metrics, evaluated.RecordedBy, evaluated.RecordedAt)],
        },
        (RunCompleted completed, { } run) => Ended(run, completed.CompletedAt) with
        {
            Status = RunStatus.Completed,
            FinalMetrics = completed.FinalMetrics,
            TrainableParameterShare = completed.FinalMetrics.TryGetValue(MetricNames.TrainableParameterShare, out var share) ? share : run.TrainableParameterShare,
            Cost = completed.FinalMetrics.TryGetValue(MetricNames.Cost, out var cost) ? cost : run.Cost,
        },
        (RunFailed failed, { } run) => Ended(run, failed.FailedAt) with { Status = RunStatus.Failed, FailureReason = failed.Reason },
        (RunCancelled cancelled, { } run) => Ended(run, cancelled.CancelledAt) with
        {
            Status = RunStatus.Cancelled, CancelledBy = cancelled.CancelledBy, CancellationReason = cancelled.Reason,
        },
        (RunResumed resumed, { } run) => run with
        {
            Status = RunStatus.Queued,
            ResumeFrom = new CheckpointReference(resumed.FromStep, resumed.FromCheckpoint),
            ResumeCount = run.ResumeCount + 1,
            Worker = null,
            EndedAt = null,
            FailureReason = null,
            CancelledBy = null,
            CancellationReason = null,
        },
        (_, { } run) => run,
    };

    /// <summary>Re-stores the run's leaderboard entries when something they show may have changed; metric batches alone do not touch them.</summary>
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<RunSummary> slice)
    {
        if (slice.Snapshot is { Evaluations.Count: > 0 } run && slice.Events().Any(e => LeaderboardEntries.DependsOn(e.Data)))
        {
            operations.Store(LeaderboardEntries.From(run).ToArray());
        }

        return ValueTask.CompletedTask;
    }

    private static RunSummary Queued(RunQueued queued) => new()
    {
        Id = queued.RunId,
        Name = queued.Config.Name,
        Method = queued.Config.Method,
        Dataset = queued.Config.Dataset,
        Config = queued.Config,
        ExperimentId = queued.ExperimentId,
        Task = queued.Task,
        Objective = queued.Objective,
        SweepId = queued.SweepId,
        CodeVersion = queued.CodeVersion,
        Status = RunStatus.Queued,
        QueuedBy = queued.QueuedBy,
        QueuedAt = queued.QueuedAt,
    };

    private static RunSummary Logged(MetricsLogged logged, RunSummary run)
    {
        var losses = logged.Points
            .Where(p => p.Values.ContainsKey(MetricNames.TrainLoss))
            .Select(p => p.Values[MetricNames.TrainLoss])
            .ToList();
        var shares = logged.Points
            .Where(p => p.Values.ContainsKey(MetricNames.TrainableParameterShare))
            .Select(p => p.Values[MetricNames.TrainableParameterShare])
            .ToList();
        return run with
        {
            LastStep = Math.Max(run.LastStep ?? 0, logged.Points.Max(p => p.Step)),
            LastLoss = losses.Count > 0 ? losses[^1] : run.LastLoss,
            BestLoss = losses.Count > 0 ? Math.Min(run.BestLoss ?? double.PositiveInfinity, losses.Min()) : run.BestLoss,
            TrainableParameterShare = shares.Count > 0 ? shares[^1] : run.TrainableParameterShare,
        };
    }

    private static RunSummary Ended(RunSummary run, DateTimeOffset at) => run with
    {
        EndedAt = at,
        WallTimeSeconds = run.WallTimeSeconds + (run.Status == RunStatus.Running && run.StartedAt is { } started ? (at - started).TotalSeconds : 0),
    };
}
