using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.GettingRunAt;
using Platform.Domain.Runs.GettingRunTimeline;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class ReplayTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<Guid> FinishedRunAsync()
    {
        var runId = await database.StartAsync("replayed");
        await database.LogAsync(runId, 5, 10);
        await database.CheckpointAsync(runId, 10);
        await database.SendAsync(new RecordEvaluation(runId, "brown-genres", "test", new Dictionary<string, double> { ["accuracy"] = 0.4 }, TestUsers.Researcher));
        await database.SendAsync(new CompleteRun(runId, new Dictionary<string, double> { [MetricNames.ValidationLoss] = 2.0, [MetricNames.TrainableParameterShare] = 0.02 }));
        return runId;
    }

    [Fact]
    public async Task Given_a_finished_run_When_replaying_it_at_each_event_Then_GetRunAt_and_the_timeline_agree_and_end_at_the_stored_summary()
    {
        var runId = await FinishedRunAsync();

        var timeline = (await database.SendAsync(new GetRunTimeline(runId))).Value;

        Assert.Equal(["RunQueued", "RunStarted", "MetricsLogged", "CheckpointSaved", "EvaluationRecorded", "RunCompleted"], timeline.Select(t => t.Event.Type));
        foreach (var entry in timeline)
        {
            ReadModels.Equal(entry.State, (await database.SendAsync(new GetRunAt(runId, entry.Event.Version))).Value);
        }

        Assert.Equal(RunStatus.Queued, timeline[0].State.Status);
        Assert.Equal((RunStatus.Running, 10L), (timeline[2].State.Status, timeline[2].State.LastStep!.Value));
        Assert.Empty(timeline[3].State.Evaluations);
        Assert.Single(timeline[4].State.Evaluations);
        ReadModels.Equal((await database.SendAsync(new GetRun(runId))).Value, timeline[^1].State);
        Assert.Equal(0.02, timeline[^1].State.TrainableParameterShare);
    }

    [Fact]
    public async Task Given_runs_When_the_stored_summaries_are_rebuilt_from_events_Then_they_equal_the_inline_ones_and_each_is_the_fold_of_its_stream()
    {
        var finished = await FinishedRunAsync();
        var running = await database.StartAsync("still running");
        await database.LogAsync(running, 5);
        await using var session = database.Store.QuerySession();
        var before = await session.LoadManyAsync<RunSummary>(finished, running);

        foreach (var run in before)
        {
            ReadModels.Equal(run, await session.Events.AggregateStreamAsync<RunSummary>(run.Id));
        }

        await database.Store.Advanced.RebuildSingleStreamAsync<RunSummary>(finished);
        await database.Store.Advanced.RebuildSingleStreamAsync<RunSummary>(running);
        await using var after = database.Store.QuerySession();
        foreach (var run in before)
        {
            ReadModels.Equal(run, await after.LoadAsync<RunSummary>(run.Id));
        }
    }

    [Fact]
    public async Task Given_an_unknown_run_or_event_zero_When_replaying_Then_not_found_or_invalid()
    {
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetRunAt(Guid.NewGuid(), 1))).Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetRunTimeline(Guid.NewGuid()))).Errors).Kind);
        Assert.Equal(ErrorKind.Validation, Assert.Single((await database.SendAsync(new GetRunAt(Guid.NewGuid(), 0))).Errors).Kind);
    }
}
