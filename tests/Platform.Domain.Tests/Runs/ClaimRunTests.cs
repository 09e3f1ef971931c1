using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class ClaimRunTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_queued_run_When_two_workers_claim_it_at_once_Then_exactly_one_RunStarted_is_appended()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), "alice"))).Value;

            var claims = await Task.WhenAll(
                database.SendAsync(new ClaimRun(runId, "worker-a")),
                database.SendAsync(new ClaimRun(runId, "worker-b")));

            var winner = Assert.Single(claims, c => c.IsSuccess);
            var loser = Assert.Single(claims, c => !c.IsSuccess);
            Assert.Equal(ErrorKind.Conflict, Assert.Single(loser.Errors).Kind);
            var started = Assert.Single((await database.StreamAsync(runId)).Select(e => e.Data).OfType<RunStarted>());
            Assert.Equal(winner.Value.Worker, started.Worker);
        }
    }

    [Fact]
    public async Task Given_a_worker_read_the_run_When_another_worker_claims_it_first_Then_the_stale_append_is_a_conflict()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), "alice"))).Value;
        await using var staleSession = database.Store.LightweightSession();
        var staleStream = await staleSession.Events.FetchForWriting<RunSummary>(runId);

        Assert.True((await database.SendAsync(new ClaimRun(runId, "worker-a"))).IsSuccess);
        staleStream.AppendOne(new RunStarted(runId, "worker-b", "host", DateTimeOffset.UtcNow));
        var conflict = await staleSession.TrySaveChangesAsync("claimed elsewhere", CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, conflict?.Kind);
        Assert.Single((await database.StreamAsync(runId)).Select(e => e.Data).OfType<RunStarted>());
    }

    [Fact]
    public async Task Given_an_unknown_run_When_claiming_it_Then_not_found()
    {
        var result = await database.SendAsync(new ClaimRun(Guid.NewGuid(), "worker-a"));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_queued_runs_When_finding_work_Then_the_oldest_queued_come_first_and_claimed_ones_are_skipped()
    {
        var first = (await database.SendAsync(new StartRun(RunConfigs.Valid("first"), "alice"))).Value;
        var second = (await database.SendAsync(new StartRun(RunConfigs.Valid("second"), "alice"))).Value;
        await database.SendAsync(new ClaimRun(first, "worker-a"));

        var queued = (await database.SendAsync(new FindQueuedRuns(100))).Value;

        Assert.DoesNotContain(first, queued);
        Assert.Contains(second, queued);
    }
}
