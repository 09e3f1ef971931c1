using Platform.Domain.Experiments;
using Platform.Domain.Runs;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;

namespace Platform.Domain.Leaderboard;

/// <summary>A run's leaderboard rows as a pure function of its folded summary: the stored rows and the "as of" board both come from here.</summary>
public static class LeaderboardEntries
{
    public static IEnumerable<LeaderboardEntry> From(RunSummary run) =>
        run.Evaluations
            .SelectMany(e => e.Metrics.Select(m => (Evaluation: e, Metric: m.Key, Value: m.Value)))
            .GroupBy(s => (s.Evaluation.Suite, s.Evaluation.Split, s.Metric))
            .Select(scores =>
            {
                var (suite, split, metric) = scores.Key;
                var objective = run.Objective is { } o && o.Metric == metric ? o : Objective.Conventional(metric);
                var best = scores.Aggregate((best, next) => objective.IsBetter(next.Value, best.Value) ? next : best);
                return new LeaderboardEntry
                {
                    Id = LeaderboardEntry.IdFor(run.Id, suite, split, metric),
                    RunId = run.Id,
                    RunName = run.Name,
                    ExperimentId = run.ExperimentId,
                    Task = run.Task ?? string.Empty,
                    Suite = suite,
                    Split = split,
                    Metric = metric,
                    Value = best.Value,
                    Direction = objective.Direction,
                    Method = run.Method,
                    BaseModelId = run.Config.BaseModelId,
                    Status = run.Status,
                    TrainableParameterShare = run.TrainableParameterShare,
                    WallTimeSeconds = run.WallTimeSeconds,
                    Cost = run.Cost,
                    EvaluatedAt = best.Evaluation.RecordedAt,
                    QueuedAt = run.QueuedAt,
                };
            });

    /// <summary>
    /// Whether an event may change a run's rows. Metric batches change them only when they report the
    /// trainable-parameter share; checkpoints never do. Keeps the ingest path free of leaderboard writes.
    /// </summary>
    public static bool DependsOn(object @event) => @event switch
    {
        MetricsLogged logged => logged.Points.Any(p => p.Values.ContainsKey(MetricNames.TrainableParameterShare)),
        CheckpointSaved => false,
        _ => true,
    };
}
