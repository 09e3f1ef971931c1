using Platform.Evaluation.Preferences;
using Xunit;

namespace Platform.Domain.Tests.Preferences.Statistics;

/// <summary>Expected values counted by hand (concordant, discordant and tied pairs) and re-checked with a brute-force Python script.</summary>
public sealed class KendallTauTests
{
    private static Dictionary<string, double> Ranks(params double[] values) =>
        values.Select((v, i) => (v, i)).ToDictionary(p => ((char)('a' + p.i)).ToString(), p => p.v);

    [Fact]
    public void Given_one_swapped_pair_of_four_When_computing_tau_b_Then_five_concordant_and_one_discordant_give_two_thirds()
    {
        Assert.Equal(4.0 / 6, KendallTau.TauB(Ranks(1, 2, 3, 4), Ranks(1, 3, 2, 4))!.Value, 12);
    }

    [Fact]
    public void Given_one_tie_in_each_ranking_When_computing_tau_b_Then_the_ties_shrink_the_denominator()
    {
        // C = 4, D = 0, n0 = 6, one pair tied in each: 4 / √(5·5).
        Assert.Equal(0.8, KendallTau.TauB(Ranks(1, 1, 2, 3), Ranks(1, 2, 2, 3))!.Value, 12);
    }

    [Fact]
    public void Given_reversed_rankings_When_computing_tau_b_Then_minus_one()
    {
        Assert.Equal(-1, KendallTau.TauB(Ranks(1, 2, 3), Ranks(3, 2, 1))!.Value, 12);
    }

    [Fact]
    public void Given_partial_rankings_When_computing_tau_b_Then_only_shared_items_count()
    {
        var first = new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 3 };
        var second = new Dictionary<string, double> { ["b"] = 1, ["a"] = 2, ["d"] = 3 };

        Assert.Equal(-1, KendallTau.TauB(first, second)!.Value, 12);
    }

    [Fact]
    public void Given_fewer_than_two_shared_items_or_an_all_tie_When_computing_tau_b_Then_it_is_undefined()
    {
        Assert.Null(KendallTau.TauB(Ranks(1, 2), new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Null(KendallTau.TauB(Ranks(1, 1, 1), Ranks(1, 2, 3)));
    }
}
