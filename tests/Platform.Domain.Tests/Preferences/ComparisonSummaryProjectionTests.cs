using System.Text.Json;
using Marten;
using Platform.Domain.Preferences;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Users;
using Platform.Domain.Users.RegisteringUser;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

public sealed class ComparisonSummaryProjectionTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    /// <summary>Records holding lists compare by reference; their JSON compares by content.</summary>
    private static string Json(ComparisonSummary? summary) => JsonSerializer.Serialize(summary);

    private async Task<ComparisonSummary> BusyComparisonAsync()
    {
        var comparison = await Comparisons.CreateAsync(database, await Comparisons.RunAsync(database), "a", "b", "c");
        await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b", "c"]) with { Comment = "tied b and c" });
        await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Admin, ["c"], ["a"]));
        Assert.True((await database.SendAsync(new RegisterUser("zoe", Role.Annotator, TestUsers.Admin))).IsSuccess);
        Assert.True((await database.SendAsync(new SkipComparison(comparison.Id, "unsure", "zoe"))).IsSuccess);
        Assert.True((await database.SendAsync(new FlagComparison(comparison.Id, "answer c leaks a name", TestUsers.Admin))).IsSuccess);
        return comparison;
    }

    [Fact]
    public async Task Given_a_ranked_skipped_and_flagged_comparison_When_its_events_are_folded_Then_the_stored_summary_equals_the_fold()
    {
        var comparison = await BusyComparisonAsync();

        await using var session = database.Store.QuerySession();
        var stored = await session.LoadAsync<ComparisonSummary>(comparison.Id);
        var aggregated = await session.Events.AggregateStreamAsync<ComparisonSummary>(comparison.Id);
        var folded = (await database.StreamAsync(comparison.Id)).Aggregate((ComparisonSummary?)null, (state, e) => ComparisonSummaryProjection.Fold(state, e.Data));

        Assert.Equal(Json(aggregated), Json(stored));
        Assert.Equal(Json(folded! with { Version = stored!.Version }), Json(stored));
        Assert.Equal(2, stored.RankingCount);
        Assert.Equal(ComparisonStatus.Flagged, stored.Status);
        Assert.Equal([TestUsers.Annotator, TestUsers.Admin, "zoe"], stored.DoneBy);
    }

    [Fact]
    public async Task Given_a_stored_summary_When_the_projection_is_rebuilt_from_the_events_Then_the_same_document_comes_back()
    {
        var comparison = await BusyComparisonAsync();
        await using var reader = database.Store.QuerySession();
        var before = Json(await reader.LoadAsync<ComparisonSummary>(comparison.Id));

        await using (var session = database.Store.LightweightSession())
        {
            session.Delete<ComparisonSummary>(comparison.Id);
            await session.SaveChangesAsync();
        }

        await database.Store.Advanced.RebuildSingleStreamAsync<ComparisonSummary>(comparison.Id);

        await using var after = database.Store.QuerySession();
        Assert.Equal(before, Json(await after.LoadAsync<ComparisonSummary>(comparison.Id)));
    }
}
