using Platform.Domain.Common;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ArchivingAdapter;
using Platform.Domain.Registry.GettingAlias;
using Platform.Domain.Registry.ListingAdapters;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

public sealed class PromoteAdapterTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private static PromoteAdapter Promote(AliasKey alias, Guid adapterId, string actor = TestUsers.Researcher, long? expectedVersion = null, Guid? clientCommandId = null) =>
        new(alias, adapterId, "better validation loss", actor, expectedVersion, clientCommandId);

    private async Task<IReadOnlyList<AdapterPromoted>> PromotionsAsync(AliasKey alias) =>
        (await database.StreamAsync(alias.ToStreamId())).Select(e => e.Data).OfType<AdapterPromoted>().ToList();

    [Fact]
    public async Task Given_two_adapters_When_promoted_in_turn_Then_the_alias_names_exactly_the_latest_and_the_event_names_the_previous()
    {
        var alias = RegistryScenario.FreshAlias();
        var first = await database.AdapterAsync(alias);
        var second = await database.AdapterAsync(alias);

        Assert.Equal(alias.ToStreamId(), (await database.SendAsync(Promote(alias, first))).Value);
        Assert.True((await database.SendAsync(Promote(alias, second, TestUsers.Admin))).IsSuccess);

        var promotions = await PromotionsAsync(alias);
        Assert.Equal([(first, (Guid?)null), (second, first)], promotions.Select(p => (p.AdapterId, p.PreviousAdapterId)));
        Assert.Equal((TestUsers.Admin, "better validation loss"), (promotions[1].PromotedBy, promotions[1].Reason));
        var state = (await database.SendAsync(new GetAlias(alias))).Value;
        Assert.Equal((second, 2L), (state.CurrentAdapterId, state.Version));
        var listed = (await database.SendAsync(new ListAdapters(alias.BaseModel, alias.Task))).Value;
        Assert.Equal([alias], Assert.Single(listed, a => a.Adapter.Id == second).Aliases);
        Assert.Empty(Assert.Single(listed, a => a.Adapter.Id == first).Aliases);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Given_two_clients_saw_the_same_alias_version_When_they_promote_different_adapters_at_once_Then_exactly_one_AdapterPromoted_and_the_other_a_conflict(bool aliasExistsAlready)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var alias = RegistryScenario.FreshAlias();
            var incumbent = aliasExistsAlready ? await database.AdapterAsync(alias) : Guid.Empty;
            if (aliasExistsAlready)
            {
                Assert.True((await database.SendAsync(Promote(alias, incumbent))).IsSuccess);
            }

            var seenVersion = aliasExistsAlready ? 1 : 0;
            var a = await database.AdapterAsync(alias);
            var b = await database.AdapterAsync(alias);

            var results = await Task.WhenAll(
                database.SendAsync(Promote(alias, a, expectedVersion: seenVersion)),
                database.SendAsync(Promote(alias, b, expectedVersion: seenVersion)));

            Assert.Single(results, r => r.IsSuccess);
            Assert.Equal(ErrorKind.Conflict, Assert.Single(Assert.Single(results, r => !r.IsSuccess).Errors).Kind);
            var winner = Assert.Single(await PromotionsAsync(alias), p => p.AdapterId != incumbent);
            Assert.Equal(winner.AdapterId, (await database.SendAsync(new GetAlias(alias))).Value.CurrentAdapterId);
        }
    }

    [Fact]
    public async Task Given_promotions_without_an_expected_version_When_they_race_Then_no_update_is_lost()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var alias = RegistryScenario.FreshAlias();
            var a = await database.AdapterAsync(alias);
            var b = await database.AdapterAsync(alias);

            var results = await Task.WhenAll(database.SendAsync(Promote(alias, a)), database.SendAsync(Promote(alias, b)));

            // Either both read the same version (one conflicts) or one ran after the other and names it as previous.
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, Assert.Single(r.Errors).Kind));
            var promotions = await PromotionsAsync(alias);
            Assert.Equal(results.Count(r => r.IsSuccess), promotions.Count);
            Assert.Equal([null, .. promotions.SkipLast(1).Select(p => (Guid?)p.AdapterId)], promotions.Select(p => p.PreviousAdapterId));
        }
    }

    [Fact]
    public async Task Given_a_promotion_read_the_alias_When_another_promotion_commits_first_Then_the_stale_append_is_a_conflict()
    {
        var alias = RegistryScenario.FreshAlias();
        var a = await database.AdapterAsync(alias);
        var b = await database.AdapterAsync(alias);
        await using var staleSession = database.Store.LightweightSession();
        var staleStream = await staleSession.Events.FetchForWriting<AliasState>(alias.ToStreamId());

        Assert.True((await database.SendAsync(Promote(alias, a))).IsSuccess);
        staleStream.AppendOne(new AdapterPromoted(alias.ToStreamId(), alias, b, null, "stale", [], TestUsers.Researcher, DateTimeOffset.UtcNow));
        var conflict = await staleSession.TrySaveChangesAsync("promoted elsewhere", CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, conflict?.Kind);
        Assert.Equal(a, Assert.Single(await PromotionsAsync(alias)).AdapterId);
    }

    [Fact]
    public async Task Given_a_stale_expected_version_When_promoting_Then_a_conflict_and_no_event()
    {
        var alias = RegistryScenario.FreshAlias();
        var first = await database.AdapterAsync(alias);
        var second = await database.AdapterAsync(alias);
        await database.SendAsync(Promote(alias, first, expectedVersion: 0));

        var stale = await database.SendAsync(Promote(alias, second, expectedVersion: 0));
        var current = await database.SendAsync(Promote(alias, second, expectedVersion: 1));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(stale.Errors).Kind);
        Assert.True(current.IsSuccess);
        Assert.Equal(2, (await PromotionsAsync(alias)).Count);
    }

    [Fact]
    public async Task Given_an_adapter_for_another_task_When_promoting_it_Then_a_validation_error()
    {
        var alias = RegistryScenario.FreshAlias();
        var adapterId = await database.AdapterAsync(RegistryScenario.FreshAlias());

        var result = await database.SendAsync(Promote(alias, adapterId));

        Assert.Equal((ErrorKind.Validation, "AdapterId"), (Assert.Single(result.Errors).Kind, result.Errors[0].Field));
        Assert.Empty(await database.StreamAsync(alias.ToStreamId()));
    }

    [Fact]
    public async Task Given_the_adapter_already_holds_the_alias_When_promoting_it_again_Then_a_conflict()
    {
        var alias = RegistryScenario.FreshAlias();
        var adapterId = await database.AdapterAsync(alias);
        await database.SendAsync(Promote(alias, adapterId));

        var again = await database.SendAsync(Promote(alias, adapterId));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(again.Errors).Kind);
    }

    [Fact]
    public async Task Given_an_archived_adapter_When_promoting_it_Then_a_conflict()
    {
        var alias = RegistryScenario.FreshAlias();
        var adapterId = await database.AdapterAsync(alias);
        Assert.True((await database.SendAsync(new ArchiveAdapter(adapterId, "superseded", TestUsers.Researcher))).IsSuccess);

        var result = await database.SendAsync(Promote(alias, adapterId));

        Assert.Contains("archived", Assert.Single(result.Errors).Message);
        Assert.Equal(ErrorKind.Conflict, result.Errors[0].Kind);
    }

    [Fact]
    public async Task Given_an_unknown_adapter_When_promoting_Then_not_found()
    {
        var result = await database.SendAsync(Promote(RegistryScenario.FreshAlias(), Guid.NewGuid()));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_promotion_is_retried_sequentially_and_concurrently_Then_one_AdapterPromoted()
    {
        var alias = RegistryScenario.FreshAlias();
        var adapterId = await database.AdapterAsync(alias);
        var command = Promote(alias, adapterId, clientCommandId: Guid.NewGuid());

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.SendAsync(command)));
        var retry = await database.SendAsync(command);

        Assert.Single(await PromotionsAsync(alias));
        Assert.Equal(alias.ToStreamId(), retry.Value);
        Assert.All(concurrent.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, Assert.Single(r.Errors).Kind));
        Assert.Contains(concurrent, r => r.IsSuccess);
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    public async Task Given_a_user_without_the_promote_permission_When_promoting_Then_forbidden_and_nothing_is_appended(string actor)
    {
        var alias = RegistryScenario.FreshAlias();
        var adapterId = await database.AdapterAsync(alias);
        var before = await database.CountAllEventsAsync();

        var result = await database.SendAsync(Promote(alias, adapterId, actor));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_an_alias_name_with_a_slash_When_promoting_Then_a_validation_error()
    {
        var result = await database.SendAsync(Promote(RegistryScenario.FreshAlias("prod/eu"), Guid.NewGuid()));

        Assert.Equal("Alias.Name", Assert.Single(result.Errors).Field);
    }
}
