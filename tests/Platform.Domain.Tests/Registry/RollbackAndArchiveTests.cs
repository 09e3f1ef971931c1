using Platform.Domain.Common;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ArchivingAdapter;
using Platform.Domain.Registry.ConfiguringPromotionGates;
using Platform.Domain.Registry.GettingAlias;
using Platform.Domain.Registry.GettingAliasHistory;
using Platform.Domain.Registry.ListingAdapters;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RecordingAdapterEvidence;
using Platform.Domain.Registry.RollingBackAlias;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

public sealed class RollbackAndArchiveTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<(AliasKey Alias, Guid[] Adapters)> PromotedInTurnAsync(int count)
    {
        var alias = RegistryScenario.FreshAlias();
        var adapters = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            adapters[i] = await database.AdapterAsync(alias);
            Assert.True((await database.SendAsync(new PromoteAdapter(alias, adapters[i], $"round {i}", TestUsers.Researcher))).IsSuccess);
        }

        return (alias, adapters);
    }

    private Task<Result<Guid>> RollBackAsync(AliasKey alias, string actor = TestUsers.Researcher, long? expectedVersion = null) =>
        database.SendAsync(new RollBackAlias(alias, "regression reported in production", actor, expectedVersion));

    [Fact]
    public async Task Given_three_promotions_When_rolling_back_twice_Then_each_restores_the_adapter_before_and_a_third_has_nowhere_to_go()
    {
        var (alias, adapters) = await PromotedInTurnAsync(3);

        var first = await RollBackAsync(alias);
        var second = await RollBackAsync(alias, TestUsers.Admin);
        var third = await RollBackAsync(alias);

        Assert.Equal([adapters[1], adapters[0]], [first.Value, second.Value]);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(third.Errors).Kind);
        var rolledBack = (await database.StreamAsync(alias.ToStreamId())).Select(e => e.Data).OfType<AdapterRolledBack>().ToList();
        Assert.Equal([(adapters[2], adapters[1]), (adapters[1], adapters[0])], rolledBack.Select(r => (r.FromAdapterId, r.ToAdapterId)));
        Assert.Equal(adapters[0], (await database.SendAsync(new GetAlias(alias))).Value.CurrentAdapterId);
    }

    [Fact]
    public async Task Given_an_alias_with_gates_promotions_and_a_rollback_When_reading_its_history_Then_every_change_with_who_and_why_in_order()
    {
        var alias = RegistryScenario.FreshAlias();
        var gates = new PromotionGates { Metrics = [new MetricGate("val/loss", 3.0, MetricDirection.LowerIsBetter)] };
        await database.SendAsync(new ConfigurePromotionGates(alias, gates, TestUsers.Admin));
        var a = await database.AdapterAsync(alias);
        var b = await database.AdapterAsync(alias);
        await database.SendAsync(new PromoteAdapter(alias, a, "first", TestUsers.Researcher));
        await database.SendAsync(new PromoteAdapter(alias, b, "second", TestUsers.Admin));
        await RollBackAsync(alias);

        var history = (await database.SendAsync(new GetAliasHistory(alias))).Value;

        Assert.Equal(
            [AliasChange.GatesConfigured, AliasChange.Promoted, AliasChange.Promoted, AliasChange.RolledBack],
            history.Select(h => h.Change));
        Assert.Equal([1L, 2, 3, 4], history.Select(h => h.Version));
        Assert.Equal(
            [(null, null, TestUsers.Admin, null), (a, null, TestUsers.Researcher, "first"), (b, a, TestUsers.Admin, "second"), (a, b, TestUsers.Researcher, "regression reported in production")],
            history.Select(h => (h.AdapterId, h.PreviousAdapterId, h.By, h.Reason)));
        Assert.Equal(gates.Metrics, history[0].Gates!.Metrics);
        Assert.True(Assert.Single(history[1].GateResults).Passed);
    }

    [Fact]
    public async Task Given_a_stale_expected_version_When_rolling_back_Then_a_conflict()
    {
        var (alias, _) = await PromotedInTurnAsync(2);

        var result = await RollBackAsync(alias, expectedVersion: 1);

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_an_unknown_alias_When_rolling_back_Then_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await RollBackAsync(RegistryScenario.FreshAlias())).Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetAlias(RegistryScenario.FreshAlias()))).Errors).Kind);
    }

    [Fact]
    public async Task Given_an_adapter_holding_an_alias_When_archiving_it_Then_a_conflict_until_another_adapter_replaces_it()
    {
        var (alias, adapters) = await PromotedInTurnAsync(1);

        var refused = await database.SendAsync(new ArchiveAdapter(adapters[0], "old", TestUsers.Researcher));
        var replacement = await database.AdapterAsync(alias);
        await database.SendAsync(new PromoteAdapter(alias, replacement, "newer", TestUsers.Researcher));
        var archived = await database.SendAsync(new ArchiveAdapter(adapters[0], "old", TestUsers.Researcher));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(refused.Errors).Kind);
        Assert.Contains(alias.ToString(), refused.Errors[0].Message);
        Assert.True(archived.IsSuccess);
        var listed = Assert.Single((await database.SendAsync(new ListAdapters(alias.BaseModel, alias.Task))).Value, l => l.Adapter.Id == adapters[0]);
        Assert.True(listed.Adapter.Archived);
        Assert.Equal(("old", TestUsers.Researcher), (listed.Adapter.ArchiveReason, listed.Adapter.ArchivedBy));
        Assert.DoesNotContain((await database.SendAsync(new ListAdapters(alias.BaseModel, alias.Task, IncludeArchived: false))).Value, l => l.Adapter.Id == adapters[0]);
    }

    [Fact]
    public async Task Given_an_archived_adapter_When_archiving_it_again_Then_nothing_more_is_appended()
    {
        var adapterId = await database.AdapterAsync(RegistryScenario.FreshAlias());

        await database.SendAsync(new ArchiveAdapter(adapterId, "unused", TestUsers.Admin));
        var again = await database.SendAsync(new ArchiveAdapter(adapterId, "unused", TestUsers.Admin));

        Assert.Equal(adapterId, again.Value);
        Assert.Single((await database.StreamAsync(adapterId)).Select(e => e.Data).OfType<AdapterArchived>());
    }

    [Fact]
    public async Task Given_the_previous_adapter_was_archived_When_rolling_back_Then_a_conflict_and_the_current_adapter_stays()
    {
        var (alias, adapters) = await PromotedInTurnAsync(2);
        Assert.True((await database.SendAsync(new ArchiveAdapter(adapters[0], "bad data", TestUsers.Researcher))).IsSuccess);

        var result = await RollBackAsync(alias);

        Assert.Contains("archived", Assert.Single(result.Errors).Message);
        Assert.Equal(adapters[1], (await database.SendAsync(new GetAlias(alias))).Value.CurrentAdapterId);
    }

    [Fact]
    public async Task Given_an_adapter_When_archive_and_promotion_race_Then_never_an_archived_adapter_holding_an_alias()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var alias = RegistryScenario.FreshAlias();
            var adapterId = await database.AdapterAsync(alias);

            var results = await Task.WhenAll(
                database.SendAsync(new ArchiveAdapter(adapterId, "retired", TestUsers.Researcher)),
                database.SendAsync(new PromoteAdapter(alias, adapterId, "ship it", TestUsers.Researcher)));

            Assert.Single(results, r => r.IsSuccess);
            var listed = Assert.Single((await database.SendAsync(new ListAdapters(alias.BaseModel, alias.Task))).Value);
            Assert.NotEqual(listed.Adapter.Archived, listed.Aliases.Count == 1);
        }
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    public async Task Given_a_user_without_the_promote_permission_When_rolling_back_archiving_setting_gates_or_recording_evidence_Then_forbidden(string actor)
    {
        var (alias, adapters) = await PromotedInTurnAsync(2);
        var before = await database.CountAllEventsAsync();

        var rollback = await RollBackAsync(alias, actor);
        var archive = await database.SendAsync(new ArchiveAdapter(adapters[0], "x", actor));
        var gates = await database.SendAsync(new ConfigurePromotionGates(alias, PromotionGates.None, actor));
        var evidence = await database.SendAsync(new RecordAdapterEvidence(adapters[0], "my opinion", new Dictionary<string, double>(), 1.0, actor));

        Assert.All([rollback.Errors, archive.Errors, gates.Errors, evidence.Errors], errors => Assert.Equal(ErrorKind.Forbidden, Assert.Single(errors).Kind));
        Assert.Equal(before, await database.CountAllEventsAsync());
        Assert.Equal(adapters[1], (await database.SendAsync(new GetAlias(alias))).Value.CurrentAdapterId);
    }
}
