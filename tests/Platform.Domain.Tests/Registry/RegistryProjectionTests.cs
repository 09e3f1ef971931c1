using System.Text.Json;
using Marten;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ArchivingAdapter;
using Platform.Domain.Registry.ConfiguringPromotionGates;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RecordingAdapterEvidence;
using Platform.Domain.Registry.RollingBackAlias;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

/// <summary>The stored read models equal a fold of their events, and a rebuild from the events reproduces them.</summary>
public sealed class RegistryProjectionTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<(Guid[] Adapters, AliasKey[] Aliases)> HistoryAsync()
    {
        var production = RegistryScenario.FreshAlias();
        var staging = production with { Name = "staging" };
        await database.SendAsync(new ConfigurePromotionGates(production, new PromotionGates { Metrics = [new MetricGate("val/loss", 3, MetricDirection.LowerIsBetter)], MinimumHumanWinRate = 0.5 }, TestUsers.Admin));
        var adapters = new[] { await database.AdapterAsync(production), await database.AdapterAsync(production), await database.AdapterAsync(production) };
        foreach (var adapter in adapters)
        {
            await database.SendAsync(new RecordAdapterEvidence(adapter, "human study", new Dictionary<string, double> { ["suite/accuracy"] = 0.9 }, 0.6, TestUsers.Researcher));
            Assert.True((await database.SendAsync(new PromoteAdapter(production, adapter, "next", TestUsers.Researcher))).IsSuccess);
        }

        await database.SendAsync(new PromoteAdapter(staging, adapters[0], "try", TestUsers.Researcher));
        await database.SendAsync(new RollBackAlias(production, "incident", TestUsers.Admin));
        await database.SendAsync(new PromoteAdapter(staging, adapters[2], "try again", TestUsers.Researcher));
        Assert.False((await database.SendAsync(new ArchiveAdapter(adapters[2], "holds staging", TestUsers.Admin))).IsSuccess);
        Assert.True((await database.SendAsync(new ArchiveAdapter(adapters[0], "old", TestUsers.Admin))).IsSuccess);
        return (adapters, [production, staging]);
    }

    private static string Json(object? document) => JsonSerializer.Serialize(document);

    [Fact]
    public async Task Given_a_registry_history_When_folding_each_stream_Then_the_stored_documents_equal_the_folds()
    {
        var (adapters, aliases) = await HistoryAsync();
        await using var session = database.Store.QuerySession();

        foreach (var id in adapters)
        {
            Assert.Equal(Json(await session.Events.AggregateStreamAsync<AdapterSummary>(id)), Json(await session.LoadAsync<AdapterSummary>(id)));
        }

        foreach (var id in aliases.Select(a => a.ToStreamId()))
        {
            Assert.Equal(Json(await session.Events.AggregateStreamAsync<AliasState>(id)), Json(await session.LoadAsync<AliasState>(id)));
        }
    }

    [Fact]
    public async Task Given_a_registry_history_When_rebuilding_the_projections_from_the_events_Then_the_same_documents()
    {
        await HistoryAsync();
        var adaptersBefore = await AllAsync<AdapterSummary>();
        var aliasesBefore = await AllAsync<AliasState>();
        await using (var session = database.Store.LightweightSession())
        {
            session.DeleteWhere<AdapterSummary>(_ => true);
            session.DeleteWhere<AliasState>(_ => true);
            await session.SaveChangesAsync();
        }

        Assert.Empty(await AllAsync<AdapterSummary>());
        using (var daemon = await database.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<AdapterSummaryProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync<AliasStateProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        Assert.NotEmpty(adaptersBefore);
        Assert.Equal(adaptersBefore, await AllAsync<AdapterSummary>());
        Assert.Equal(aliasesBefore, await AllAsync<AliasState>());
    }

    private async Task<IReadOnlyList<string>> AllAsync<T>()
        where T : notnull
    {
        await using var session = database.Store.QuerySession();
        return (await session.Query<T>().ToListAsync()).Select(d => Json(d)).Order(StringComparer.Ordinal).ToList();
    }
}
