using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Xunit;

namespace Platform.Training.Tests.Execution;

public sealed class RunExecutorTests(WorkerDatabase database) : IClassFixture<WorkerDatabase>
{
    private async Task<RunSummary> ClaimedRunAsync(RunConfig config)
    {
        var runId = (await database.SendAsync(new StartRun(config, "alice"))).Value;
        return (await database.SendAsync(new ClaimRun(runId, "test-worker"))).Value;
    }

    [Fact]
    public async Task Given_a_claimed_run_When_executed_Then_metrics_checkpoints_and_completion_are_events_in_order()
    {
        var run = await ClaimedRunAsync(TrainingConfigs.Tiny(steps: 30) with { CheckpointEvery = 15 });

        await database.Executor.ExecuteAsync(run, CancellationToken.None);

        var events = (await database.StreamAsync(run.Id)).Select(e => e.Data).ToList();
        Assert.IsType<RunQueued>(events[0]);
        Assert.IsType<RunStarted>(events[1]);
        var completed = Assert.IsType<RunCompleted>(events[^1]);
        Assert.True(completed.FinalMetrics[MetricNames.ValidationLoss] > 0);
        var steps = events.OfType<MetricsLogged>().SelectMany(m => m.Points).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => i * 5L), steps);
        var checkpoints = events.OfType<CheckpointSaved>().ToList();
        Assert.Equal([15L, 30], checkpoints.Select(c => c.Step));
        Assert.All(checkpoints, c => Assert.True(File.Exists(c.Path)));
        Assert.StartsWith(database.ArtifactsPath, checkpoints[0].Path);
        var summary = (await database.SendAsync(new Platform.Domain.Runs.GettingRun.GetRun(run.Id))).Value;
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal(30, summary.LastStep);
    }

    [Fact]
    public async Task Given_a_config_that_produces_NaN_When_executed_Then_the_run_ends_in_RunFailed_with_the_reason()
    {
        var run = await ClaimedRunAsync(TrainingConfigs.Tiny(steps: 20) with { LearningRate = 1e30, WarmupSteps = 0, GradientClip = 0 });

        await database.Executor.ExecuteAsync(run, CancellationToken.None);

        var failed = Assert.IsType<RunFailed>((await database.StreamAsync(run.Id))[^1].Data);
        Assert.Contains("loss became", failed.Reason);
        Assert.NotNull(failed.Step);
        var summary = (await database.SendAsync(new Platform.Domain.Runs.GettingRun.GetRun(run.Id))).Value;
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(failed.Reason, summary.FailureReason);
    }

    [Fact]
    public async Task Given_the_worker_stops_mid_run_When_executing_Then_the_run_is_failed_not_left_running()
    {
        var run = await ClaimedRunAsync(TrainingConfigs.Tiny(steps: 100_000));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await database.Executor.ExecuteAsync(run, stop.Token);

        var failed = Assert.IsType<RunFailed>((await database.StreamAsync(run.Id))[^1].Data);
        Assert.Contains("worker stopped", failed.Reason);
    }
}
