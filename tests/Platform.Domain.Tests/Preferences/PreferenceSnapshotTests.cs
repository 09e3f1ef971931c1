using System.Text.Json;
using Platform.Domain.Common;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.GettingPreferenceSnapshot;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

/// <summary>Each test class has its own schema, so the snapshots here see only this class's rankings.</summary>
public sealed class PreferenceSnapshotTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<PreferenceSnapshot> SnapshotAsync(long? upTo = null) =>
        (await database.SendAsync(new GetPreferenceSnapshot(upTo))).Value;

    [Fact]
    public async Task Given_a_snapshot_sequence_When_more_rankings_arrive_Then_the_same_sequence_gives_the_same_snapshot()
    {
        var runId = await Comparisons.RunAsync(database);
        var comparison = await Comparisons.CreateAsync(database, runId, "a", "b", "c");
        await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"], ["c"]));
        var before = await SnapshotAsync();

        await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Admin, ["c"], ["b"]));
        var later = await Comparisons.CreateAsync(database, runId, "x", "y");
        await database.SendAsync(Comparisons.Ranking(later, TestUsers.Annotator, ["y"], ["x"]));
        var again = await SnapshotAsync(before.Sequence);
        var now = await SnapshotAsync();

        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(again));
        Assert.True(now.Sequence > before.Sequence);
        Assert.Equal(before.Pairs.Count + 2, now.Pairs.Count);
        Assert.Equal(now.Pairs.Take(before.Pairs.Count), before.Pairs);
    }

    [Fact]
    public async Task Given_a_ranking_with_a_tie_When_expanded_Then_higher_tiers_beat_lower_ones_and_the_tie_makes_no_pair()
    {
        var comparison = await Comparisons.CreateAsync(database, await Comparisons.RunAsync(database), "a", "b", "c", "d");
        var rankingId = (await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b", "c"], ["d"]))).Value;

        var pairs = (await SnapshotAsync()).Pairs.Where(p => p.RankingId == rankingId).ToList();

        Assert.Equal(
            [("a", "b"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "d")],
            pairs.Select(p => (p.ChosenModel, p.RejectedModel)));
        Assert.All(pairs, p =>
        {
            Assert.Equal(comparison.Prompt, p.Prompt);
            Assert.Equal(TestUsers.Annotator, p.Annotator);
            Assert.Equal(comparison.Id, p.ComparisonId);
            Assert.Equal($"answer by {p.ChosenModel}", p.Chosen);
        });
    }

    [Fact]
    public async Task Given_a_flagged_comparison_When_taking_a_snapshot_Then_its_rankings_are_left_out_from_the_flag_on()
    {
        var comparison = await Comparisons.CreateAsync(database, await Comparisons.RunAsync(database), "a", "b");
        var rankingId = (await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"]))).Value;
        var beforeFlag = await SnapshotAsync();

        await database.SendAsync(new FlagComparison(comparison.Id, "answer b is not in English", TestUsers.Admin));

        Assert.Contains(beforeFlag.Pairs, p => p.RankingId == rankingId);
        Assert.DoesNotContain((await SnapshotAsync()).Pairs, p => p.RankingId == rankingId);
        Assert.Contains((await SnapshotAsync(beforeFlag.Sequence)).Pairs, p => p.RankingId == rankingId);
    }

    [Fact]
    public async Task Given_a_sequence_not_reached_yet_or_negative_When_asking_for_its_snapshot_Then_a_validation_error()
    {
        var current = (await SnapshotAsync()).Sequence;

        var future = await database.SendAsync(new GetPreferenceSnapshot(current + 1_000));
        var negative = await database.SendAsync(new GetPreferenceSnapshot(-1));

        Assert.Equal(ErrorKind.Validation, Assert.Single(future.Errors).Kind);
        Assert.Equal(ErrorKind.Validation, Assert.Single(negative.Errors).Kind);
    }
}
