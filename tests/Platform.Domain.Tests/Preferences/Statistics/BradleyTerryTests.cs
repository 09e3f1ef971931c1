using Platform.Evaluation.Preferences;
using Xunit;

namespace Platform.Domain.Tests.Preferences.Statistics;

public sealed class BradleyTerryTests
{
    private static IEnumerable<PairwiseOutcome<string>> Games(string winner, string loser, int count, bool tie = false) =>
        Enumerable.Repeat(new PairwiseOutcome<string>(winner, loser, tie), count);

    [Fact]
    public void Given_two_models_and_no_prior_When_one_wins_three_of_four_Then_its_strength_is_three_times_the_other()
    {
        var strengths = BradleyTerry.Fit(Games("a", "b", 3).Concat(Games("b", "a", 1)), prior: 0);

        Assert.Equal(3, strengths["a"] / strengths["b"], 8);
        Assert.Equal(1, strengths["a"] * strengths["b"], 8);
    }

    [Fact]
    public void Given_a_cycle_without_prior_When_fitted_Then_the_maximum_likelihood_equations_hold()
    {
        // At the MLE each model's wins equal its expected wins: W_i = Σ_j n_ij p_i / (p_i + p_j).
        var outcomes = Games("a", "b", 3).Concat(Games("b", "c", 2)).Concat(Games("c", "a", 1)).Concat(Games("b", "a", 1)).ToList();

        var p = BradleyTerry.Fit(outcomes, prior: 0);

        foreach (var model in p.Keys)
        {
            var wins = outcomes.Count(o => o.Winner == model);
            var expected = outcomes.Where(o => o.Winner == model || o.Loser == model)
                .Sum(o => p[model] / (p[o.Winner] + p[o.Loser]));
            Assert.Equal(wins, expected, 6);
        }
    }

    [Fact]
    public void Given_ties_and_an_undefeated_model_When_fitted_with_the_prior_Then_the_strengths_match_a_gradient_ascent_reference()
    {
        // Reference: plain gradient ascent on the same penalised log-likelihood in Python (a different
        // algorithm from MM), normalised to geometric mean 1.
        var outcomes = Games("A", "B", 3).Concat(Games("B", "C", 2)).Concat(Games("C", "A", 1))
            .Concat(Games("A", "C", 1, tie: true)).Concat(Games("D", "C", 2));

        var strengths = BradleyTerry.Fit(outcomes, prior: 0.5);

        Assert.Equal(1.1950816228902454, strengths["A"], 7);
        Assert.Equal(0.5929626729585618, strengths["B"], 7);
        Assert.Equal(0.45737064355981366, strengths["C"], 7);
        Assert.Equal(3.085366718945707, strengths["D"], 7);
        Assert.Equal(0, strengths.Values.Sum(Math.Log), 9);
    }

    [Fact]
    public void Given_a_model_that_never_lost_When_fitted_with_the_default_prior_Then_its_strength_stays_finite()
    {
        var strengths = BradleyTerry.Fit(Games("champion", "other", 5));

        Assert.True(double.IsFinite(strengths["champion"]));
        Assert.True(strengths["champion"] > strengths["other"]);
    }

    [Fact]
    public void Given_no_games_When_fitted_Then_no_strengths()
    {
        Assert.Empty(BradleyTerry.Fit(Array.Empty<PairwiseOutcome<string>>()));
        Assert.Empty(BradleyTerry.Fit([new PairwiseOutcome<string>("a", "a", false)]));
    }

    [Fact]
    public void Given_an_undefeated_model_and_no_prior_When_fitted_Then_it_is_refused_rather_than_infinite()
    {
        Assert.Throws<ArgumentException>(() => BradleyTerry.Fit(Games("a", "b", 2), prior: 0));
    }
}
