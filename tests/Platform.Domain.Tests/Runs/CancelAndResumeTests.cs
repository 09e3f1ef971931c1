using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.CancellingRun;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.GettingRunMetrics;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.ResumingRun;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class CancelAndResumeTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_queued_run_When_cancelled_Then_no_worker_can_claim_it()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), TestUsers.Researcher))).Value;

        var cancelled = await database.SendAsync(new CancelRun(runId, "wrong dataset", TestUsers.Researcher));

        Assert.Equal((RunStatus.Cancelled, TestUsers.Researcher, "wrong dataset"), (cancelled.Value.Status, cancelled.Value.CancelledBy, cancelled.Value.CancellationReason));
        Assert.DoesNotContain(runId, (await database.SendAsync(new FindQueuedRuns(1000))).Value);
        Assert.Equal(ErrorKind.Conflict, Assert.Single((await database.SendAsync(new ClaimRun(runId, "worker-b"))).Errors).Kind);
    }

    [Fact]
    public async Task Given_a_running_run_When_cancelled_twice_Then_one_RunCancelled_and_later_progress_is_refused()
    {
        var runId = await database.StartAsync();
        await database.LogAsync(runId, 5, 10);

        var first = await database.SendAsync(new CancelRun(runId, "diverging", TestUsers.Researcher));
        var again = await database.SendAsync(new CancelRun(runId, "diverging", TestUsers.Researcher));
        var progress = await database.SendAsync(new LogMetrics(runId, [RunningRuns.Loss(15, 1.0)]));

        Assert.True(first.IsSuccess && again.IsSuccess);
        var cancelled = Assert.Single((await database.StreamAsync(runId)).Select(e => e.Data).OfType<RunCancelled>());
        Assert.Equal(10, cancelled.Step);
        Assert.True(first.Value.WallTimeSeconds >= 0);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(progress.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_worker_appending_metrics_When_a_user_cancels_at_the_same_time_Then_the_cancel_wins_the_race_and_later_batches_are_refused()
    {
        var runId = await database.StartAsync();
        var firstBatchStored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = Task.Run(async () =>
        {
            var refused = 0;
            for (var step = 1L; step <= 100_000 && refused == 0; step++)
            {
                refused += (await database.SendAsync(new LogMetrics(runId, [RunningRuns.Loss(step, 1.0)]))).IsSuccess ? 0 : 1;
                firstBatchStored.TrySetResult();
            }

            return refused;
        });
        await firstBatchStored.Task;

        var cancelled = await database.SendAsync(new CancelRun(runId, "stop", TestUsers.Researcher));

        Assert.Equal(RunStatus.Cancelled, cancelled.Value.Status);
        Assert.Equal(1, await metrics);
        var events = (await database.StreamAsync(runId)).Select(e => e.Data).ToList();
        Assert.IsType<RunCancelled>(events[^1]);
    }

    [Fact]
    public async Task Given_a_completed_run_When_cancelled_Then_a_conflict()
    {
        var runId = await database.StartAsync();
        await database.SendAsync(new Platform.Domain.Runs.CompletingRun.CompleteRun(runId, new Dictionary<string, double>()));

        Assert.Equal(ErrorKind.Conflict, Assert.Single((await database.SendAsync(new CancelRun(runId, "too late", TestUsers.Researcher))).Errors).Kind);
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    public async Task Given_a_user_without_the_run_permission_When_cancelling_or_resuming_Then_forbidden(string actor)
    {
        var runId = await database.StartAsync();

        Assert.Equal(ErrorKind.Forbidden, Assert.Single((await database.SendAsync(new CancelRun(runId, "no", actor))).Errors).Kind);
        Assert.Equal(ErrorKind.Forbidden, Assert.Single((await database.SendAsync(new ResumeRun(runId, actor))).Errors).Kind);
        Assert.Equal(RunStatus.Running, (await database.SendAsync(new GetRun(runId))).Value.Status);
    }

    [Fact]
    public async Task Given_a_failed_run_with_a_checkpoint_When_resumed_and_claimed_again_Then_it_continues_from_the_checkpoint_without_duplicate_steps()
    {
        var runId = await database.StartAsync();
        await database.LogAsync(runId, 5, 10, 15);
        await database.CheckpointAsync(runId, 10);
        await database.SendAsync(new FailRun(runId, "worker crashed", 15));

        var resumed = await database.SendAsync(new ResumeRun(runId, TestUsers.Researcher));
        var queuedAgain = (await database.SendAsync(new GetRun(runId))).Value;
        var claimed = (await database.SendAsync(new ClaimRun(runId, "worker-b"))).Value;
        // The resumed attempt repeats steps 15 and 20 after checkpoint 10; only 20 onwards is new.
        await database.LogAsync(runId, 15, 20);
        await database.LogAsync(runId, 20, 25);

        Assert.Equal(runId, resumed.Value);
        Assert.Equal((RunStatus.Queued, 1, 10L), (queuedAgain.Status, queuedAgain.ResumeCount, queuedAgain.ResumeFrom!.Step));
        Assert.Null(queuedAgain.FailureReason);
        Assert.Equal(("worker-b", RunStatus.Running), (claimed.Worker, claimed.Status));
        Assert.EndsWith("step-000010/model.safetensors", claimed.ResumeFrom!.Path);
        Assert.Equal([5L, 10, 15, 20, 25], (await database.SendAsync(new GetRunMetrics(runId))).Value.Select(p => p.Step));
    }

    [Fact]
    public async Task Given_a_retried_metric_batch_When_it_arrives_twice_Then_it_is_stored_once()
    {
        var runId = await database.StartAsync();
        var batch = new LogMetrics(runId, [RunningRuns.Loss(5, 2.0), RunningRuns.Loss(10, 1.5)]);

        Assert.Equal(10, (await database.SendAsync(batch)).Value);
        Assert.Equal(10, (await database.SendAsync(batch)).Value);

        Assert.Single((await database.StreamAsync(runId)).Select(e => e.Data).OfType<MetricsLogged>());
    }

    [Fact]
    public async Task Given_a_client_command_id_When_ResumeRun_is_retried_Then_one_RunResumed()
    {
        var runId = await database.StartAsync();
        await database.CheckpointAsync(runId, 5);
        await database.SendAsync(new CancelRun(runId, "pause", TestUsers.Researcher));
        var command = new ResumeRun(runId, TestUsers.Researcher, Guid.NewGuid());

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Single((await database.StreamAsync(runId)).Select(e => e.Data).OfType<RunResumed>());
    }

    [Fact]
    public async Task Given_a_failed_run_without_a_checkpoint_or_a_running_run_When_resumed_Then_a_conflict()
    {
        var withoutCheckpoint = await database.StartAsync();
        await database.SendAsync(new FailRun(withoutCheckpoint, "boom", null));
        var running = await database.StartAsync();

        Assert.Equal(ErrorKind.Conflict, Assert.Single((await database.SendAsync(new ResumeRun(withoutCheckpoint, TestUsers.Researcher))).Errors).Kind);
        Assert.Equal(ErrorKind.Conflict, Assert.Single((await database.SendAsync(new ResumeRun(running, TestUsers.Researcher))).Errors).Kind);
    }
}
