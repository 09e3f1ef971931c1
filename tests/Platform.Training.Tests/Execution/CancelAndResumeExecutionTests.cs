using Platform.Testing;
using Platform.Domain.Runs;
using Platform.Domain.Runs.CancellingRun;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.ResumingRun;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Xunit;

namespace Platform.Training.Tests.Execution;

public sealed class CancelAndResumeExecutionTests(WorkerDatabase database) : IClassFixture<WorkerDatabase>
{
    private async Task<RunSummary> ClaimedRunAsync(RunConfig config)
    {
        var runId = (await database.SendAsync(new StartRun(config, "alice"))).Value;
        return (await database.SendAsync(new ClaimRun(runId, "test-worker"))).Value;
    }

    private async Task WaitForFirstCheckpointAsync(Guid runId)
    {
        using var patience = new CancellationTokenSource(Patience.Run);
        while ((await database.SendAsync(new GetRun(runId))).Value.CheckpointCount == 0)
        {
            await Task.Delay(50, patience.Token);
        }
    }

    [Fact]
    public async Task Given_a_running_run_When_a_user_cancels_it_Then_the_worker_stops_training_and_the_run_stays_cancelled()
    {
        var run = await ClaimedRunAsync(TrainingConfigs.Tiny(steps: 100_000) with { CheckpointEvery = 10 });
        var execution = database.Executor.ExecuteAsync(run, CancellationToken.None);
        await WaitForFirstCheckpointAsync(run.Id);

        _ = (await database.SendAsync(new CancelRun(run.Id, "enough", "alice"))).Value;
        await execution.WaitAsync(Patience.Page);

        var events = (await database.StreamAsync(run.Id)).Select(e => e.Data).ToList();
        Assert.IsType<RunCancelled>(events[^1]);
        Assert.Empty(events.OfType<RunFailed>());
        Assert.Equal(RunStatus.Cancelled, (await database.SendAsync(new GetRun(run.Id))).Value.Status);
    }

    [Fact]
    public async Task Given_a_run_interrupted_after_a_checkpoint_When_resumed_Then_training_continues_from_it_and_every_step_is_logged_once()
    {
        var config = TrainingConfigs.Tiny(steps: 200) with { CheckpointEvery = 20 };
        var run = await ClaimedRunAsync(config);
        using (var stop = new CancellationTokenSource())
        {
            var interrupted = database.Executor.ExecuteAsync(run, stop.Token);
            await WaitForFirstCheckpointAsync(run.Id);
            await stop.CancelAsync();
            await interrupted.WaitAsync(Patience.Page);
        }

        Assert.Equal(RunStatus.Failed, (await database.SendAsync(new GetRun(run.Id))).Value.Status);
        _ = (await database.SendAsync(new ResumeRun(run.Id, "alice"))).Value;
        var claimed = (await database.SendAsync(new ClaimRun(run.Id, "test-worker"))).Value;
        await database.Executor.ExecuteAsync(claimed, CancellationToken.None);

        var events = (await database.StreamAsync(run.Id)).Select(e => e.Data).ToList();
        Assert.IsType<RunCompleted>(events[^1]);
        var resumed = Assert.Single(events.OfType<RunResumed>());
        var steps = events.OfType<MetricsLogged>().SelectMany(m => m.Points).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => i * 5L), steps);
        var checkpointsAfterResume = events.SkipWhile(e => e is not RunResumed).OfType<CheckpointSaved>().Select(c => c.Step).ToList();
        Assert.Equal(resumed.FromStep + 20, checkpointsAfterResume[0]);
        Assert.Equal(200, checkpointsAfterResume[^1]);
    }
}
