using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.GettingRunEvents;
using Platform.Domain.Runs.GettingRunMetrics;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class RunLifecycleTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private static MetricPoint Loss(long step, double loss) =>
        new(step, DateTimeOffset.UtcNow, new Dictionary<string, double> { [MetricNames.TrainLoss] = loss });

    private async Task<Guid> RunningRunAsync()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), "alice"))).Value;
        Assert.True((await database.SendAsync(new ClaimRun(runId, "worker-a"))).IsSuccess);
        return runId;
    }

    [Fact]
    public async Task Given_a_running_run_When_it_logs_checkpoints_and_completes_Then_the_summary_folds_every_event()
    {
        var runId = await RunningRunAsync();

        await database.SendAsync(new LogMetrics(runId, [Loss(5, 3.0), Loss(10, 2.5)]));
        await database.SendAsync(new LogMetrics(runId, [Loss(15, 2.7)]));
        await database.SendAsync(new RecordCheckpoint(runId, 15, "/tmp/model.safetensors", new string('a', 64), 1234));
        await database.SendAsync(new CompleteRun(runId, new Dictionary<string, double> { [MetricNames.ValidationLoss] = 2.6 }));

        var summary = (await database.SendAsync(new GetRun(runId))).Value;
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal(15, summary.LastStep);
        Assert.Equal(2.7, summary.LastLoss);
        Assert.Equal(2.5, summary.BestLoss);
        Assert.Equal(1, summary.CheckpointCount);
        Assert.Equal(2.6, summary.FinalMetrics[MetricNames.ValidationLoss]);
        Assert.Equal(6, summary.Version);
        Assert.NotNull(summary.Duration);

        var events = (await database.SendAsync(new GetRunEvents(runId))).Value;
        Assert.Equal(
            ["RunQueued", "RunStarted", "MetricsLogged", "MetricsLogged", "CheckpointSaved", "RunCompleted"],
            events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4, 5, 6], events.Select(e => e.Version));

        var metrics = (await database.SendAsync(new GetRunMetrics(runId))).Value;
        Assert.Equal([5L, 10, 15], metrics.Select(p => p.Step));
        Assert.Equal([15L], (await database.SendAsync(new GetRunMetrics(runId, AfterStep: 10))).Value.Select(p => p.Step));
    }

    [Fact]
    public async Task Given_a_queued_run_When_metrics_arrive_Then_they_are_refused_and_nothing_is_appended()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), "alice"))).Value;

        var result = await database.SendAsync(new LogMetrics(runId, [Loss(1, 1.0)]));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
        Assert.Single(await database.StreamAsync(runId));
    }

    [Fact]
    public async Task Given_a_failed_run_When_it_is_completed_Then_the_completion_is_refused()
    {
        var runId = await RunningRunAsync();
        var failed = await database.SendAsync(new FailRun(runId, "The training loss became NaN at step 3", 3));

        var completed = await database.SendAsync(new CompleteRun(runId, new Dictionary<string, double>()));

        Assert.Equal(RunStatus.Failed, failed.Value.Status);
        Assert.Equal("The training loss became NaN at step 3", failed.Value.FailureReason);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(completed.Errors).Kind);
    }

    [Fact]
    public async Task Given_an_unknown_run_When_querying_it_Then_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetRun(Guid.NewGuid()))).Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetRunEvents(Guid.NewGuid()))).Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetRunMetrics(Guid.NewGuid()))).Errors).Kind);
    }

    [Fact]
    public async Task Given_malformed_metrics_When_logging_them_Then_a_validation_error()
    {
        var runId = await RunningRunAsync();

        var empty = await database.SendAsync(new LogMetrics(runId, []));
        var negative = await database.SendAsync(new LogMetrics(runId, [Loss(-1, 1.0)]));

        Assert.Equal(ErrorKind.Validation, empty.Errors[0].Kind);
        Assert.Equal(ErrorKind.Validation, negative.Errors[0].Kind);
        Assert.Equal(2, (await database.StreamAsync(runId)).Count);
    }
}
