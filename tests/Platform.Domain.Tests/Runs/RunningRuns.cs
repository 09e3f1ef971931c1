using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;

namespace Platform.Domain.Tests.Runs;

/// <summary>Drives runs through the commands a worker sends.</summary>
internal static class RunningRuns
{
    public static MetricPoint Loss(long step, double loss) =>
        new(step, DateTimeOffset.UtcNow, new Dictionary<string, double> { [MetricNames.TrainLoss] = loss });

    public static async Task<Guid> StartAsync(this DomainDatabase database, string name = "baseline", Guid? experimentId = null)
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(name), TestUsers.Researcher, ExperimentId: experimentId))).Value;
        _ = (await database.SendAsync(new ClaimRun(runId, "worker-a"))).Value;
        return runId;
    }

    public static async Task LogAsync(this DomainDatabase database, Guid runId, params long[] steps) =>
        _ = (await database.SendAsync(new LogMetrics(runId, steps.Select(s => Loss(s, 10.0 / s)).ToList()))).Value;

    public static async Task CheckpointAsync(this DomainDatabase database, Guid runId, long step) =>
        _ = (await database.SendAsync(new RecordCheckpoint(runId, step, $"/tmp/{runId}/step-{step:D6}/model.safetensors", new string('b', 64), 100))).Value;
}
