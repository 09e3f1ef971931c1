using Platform.Domain.Common;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class RetriedStartRunTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_client_command_id_When_the_same_StartRun_is_sent_twice_Then_one_run_is_queued_and_both_answers_name_it()
    {
        var command = new StartRun(RunConfigs.Valid("retried"), TestUsers.Researcher, Guid.NewGuid());

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Single(await database.StreamAsync(first.Value));
    }

    [Fact]
    public async Task Given_concurrent_retries_When_both_arrive_at_once_Then_exactly_one_run_is_queued()
    {
        var command = new StartRun(RunConfigs.Valid("raced"), TestUsers.Researcher, Guid.NewGuid());
        var eventsBefore = await database.CountAllEventsAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.SendAsync(command)));

        Assert.Equal(eventsBefore + 1, await database.CountAllEventsAsync());
        var runIds = results.Where(r => r.IsSuccess).Select(r => r.Value).Distinct().ToList();
        Assert.Single(runIds);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, Assert.Single(r.Errors).Kind));
        Assert.Equal(runIds[0], (await database.SendAsync(command)).Value);
    }

}
