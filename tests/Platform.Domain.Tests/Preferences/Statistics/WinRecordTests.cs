using Platform.Evaluation.Preferences;
using Xunit;

namespace Platform.Domain.Tests.Preferences.Statistics;

public sealed class WinRecordTests
{
    [Fact]
    public void Given_wins_losses_and_ties_When_tallied_Then_a_tie_counts_as_half_a_win()
    {
        PairwiseOutcome<string>[] outcomes =
        [
            new("a", "b", false),
            new("a", "b", false),
            new("b", "a", false),
            new("a", "b", true),
            new("a", "a", false),
        ];

        var records = WinRecord.Tally(outcomes);

        Assert.Equal(new WinRecord(2, 1, 1), records["a"]);
        Assert.Equal(2.5 / 4, records["a"].WinRate, 12);
        Assert.Equal(new WinRecord(1, 2, 1), records["b"]);
    }

    [Fact]
    public void Given_tiers_When_expanded_Then_higher_tiers_beat_lower_ones_and_tiers_tie_inside()
    {
        IReadOnlyList<IReadOnlyList<string>> tiers = [["a"], ["b", "c"], ["d"]];

        var pairs = RankingTiers.Expand(tiers).ToList();

        Assert.Equal(
            [new("a", "b", false), new("a", "c", false), new("a", "d", false), new("b", "c", true), new("b", "d", false), new("c", "d", false)],
            pairs);
    }
}
