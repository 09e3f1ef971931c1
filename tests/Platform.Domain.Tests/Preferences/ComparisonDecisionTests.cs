using Platform.Domain.Common;
using Platform.Domain.Preferences;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

/// <summary>The pure decisions, without a database.</summary>
public sealed class ComparisonDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] CandidateIds = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    private static readonly ComparisonSummary Comparison = ComparisonSummaryProjection.Create(
        ComparisonCreation.Decide(Comparisons.Command(Guid.NewGuid(), "a", "b", "c"), Guid.NewGuid(), CandidateIds, freshSeed: 1, Now));

    private static SubmitRanking Ranking(string annotator, params Guid[][] tiers) =>
        new(Comparison.Id, tiers.Select(t => (IReadOnlyList<Guid>)t).ToList(), TimeSpan.FromSeconds(10), annotator);

    private static ComparisonSummary After(ComparisonSummary comparison, object? @event) =>
        ComparisonSummaryProjection.Fold(comparison, @event!)!;

    [Fact]
    public void Given_a_seed_When_creating_twice_Then_the_same_display_order_is_drawn_and_recorded()
    {
        var command = Comparisons.Command(Guid.NewGuid(), "a", "b", "c") with { Seed = 42 };

        var first = ComparisonCreation.Decide(command, Guid.NewGuid(), CandidateIds, freshSeed: 1, Now);
        var second = ComparisonCreation.Decide(command, Guid.NewGuid(), CandidateIds, freshSeed: 2, Now);

        Assert.Equal(first.DisplayOrder, second.DisplayOrder);
        Assert.Equal(42, first.Seed);
        Assert.Equal(CandidateIds.Order(), first.DisplayOrder.Order());
    }

    [Fact]
    public void Given_no_seed_When_creating_Then_the_fresh_seed_is_used_and_recorded()
    {
        var command = Comparisons.Command(Guid.NewGuid(), "a", "b", "c") with { Seed = null };

        Assert.Equal(99, ComparisonCreation.Decide(command, Guid.NewGuid(), CandidateIds, freshSeed: 99, Now).Seed);
    }

    [Fact]
    public void Given_an_explicit_display_order_When_creating_Then_it_is_taken_as_given_and_no_seed_is_recorded()
    {
        var command = Comparisons.Command(Guid.NewGuid(), "a", "b", "c") with { DisplayOrder = [2, 0, 1] };

        var created = ComparisonCreation.Decide(command, Guid.NewGuid(), CandidateIds, freshSeed: 1, Now);

        Assert.Equal([CandidateIds[2], CandidateIds[0], CandidateIds[1]], created.DisplayOrder);
        Assert.Null(created.Seed);
    }

    [Fact]
    public void Given_an_open_comparison_When_ranking_with_a_tie_and_a_partial_order_Then_the_ranking_is_appended()
    {
        var decision = RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[0], CandidateIds[1]], [CandidateIds[2]]), Guid.NewGuid(), Now).Value;
        var partial = RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[2]], [CandidateIds[0]]), Guid.NewGuid(), Now).Value;

        var submitted = Assert.IsType<RankingSubmitted>(decision.Event);
        Assert.Equal(decision.ResultId, submitted.RankingId);
        Assert.Equal("annie", submitted.Annotator);
        Assert.IsType<RankingSubmitted>(partial.Event);
    }

    [Fact]
    public void Given_unknown_candidates_or_a_single_partial_tier_When_ranking_Then_validation_errors()
    {
        var unknown = RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[0]], [Guid.NewGuid()]), Guid.NewGuid(), Now);
        var oneTier = RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[0], CandidateIds[1]]), Guid.NewGuid(), Now);
        var allTie = RankingDecision.Decide(Comparison, Ranking("annie", CandidateIds), Guid.NewGuid(), Now);

        Assert.Equal(ErrorKind.Validation, Assert.Single(unknown.Errors).Kind);
        Assert.Equal(ErrorKind.Validation, Assert.Single(oneTier.Errors).Kind);
        Assert.IsType<RankingSubmitted>(allTie.Value.Event);
    }

    [Fact]
    public void Given_an_annotator_who_ranked_When_they_send_the_same_ranking_Then_nothing_new_and_a_different_one_conflicts()
    {
        var first = RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[0]], [CandidateIds[1], CandidateIds[2]]), Guid.NewGuid(), Now).Value;
        var ranked = After(Comparison, first.Event);

        var same = RankingDecision.Decide(ranked, Ranking("annie", [CandidateIds[0]], [CandidateIds[2], CandidateIds[1]]), Guid.NewGuid(), Now).Value;
        var different = RankingDecision.Decide(ranked, Ranking("annie", [CandidateIds[1]], [CandidateIds[0]]), Guid.NewGuid(), Now);
        var someoneElse = RankingDecision.Decide(ranked, Ranking("bert", [CandidateIds[1]], [CandidateIds[0]]), Guid.NewGuid(), Now);

        Assert.Equal(ComparisonDecision.AlreadyDone(first.ResultId), same);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(different.Errors).Kind);
        Assert.IsType<RankingSubmitted>(someoneElse.Value.Event);
    }

    [Fact]
    public void Given_a_flagged_comparison_When_ranking_Then_a_conflict()
    {
        var flagged = After(Comparison, FlagDecision.Decide(Comparison, new FlagComparison(Comparison.Id, "broken prompt", "annie"), Now).Event);

        var result = RankingDecision.Decide(flagged, Ranking("bert", [CandidateIds[0]], [CandidateIds[1]]), Guid.NewGuid(), Now);

        Assert.Equal(ComparisonStatus.Flagged, flagged.Status);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void Given_skips_and_flags_When_repeated_by_the_same_user_Then_they_count_once()
    {
        var skipped = After(Comparison, SkipDecision.Decide(Comparison, new SkipComparison(Comparison.Id, "not my field", "annie"), Now).Value.Event);
        var flagged = After(Comparison, FlagDecision.Decide(Comparison, new FlagComparison(Comparison.Id, "unsafe", "annie"), Now).Event);

        Assert.Null(SkipDecision.Decide(skipped, new SkipComparison(Comparison.Id, "again", "annie"), Now).Value.Event);
        Assert.Null(FlagDecision.Decide(flagged, new FlagComparison(Comparison.Id, "again", "annie"), Now).Event);
        Assert.IsType<ComparisonFlagged>(FlagDecision.Decide(flagged, new FlagComparison(Comparison.Id, "agreed", "bert"), Now).Event);
    }

    [Fact]
    public void Given_an_annotator_who_ranked_When_they_skip_Then_a_conflict()
    {
        var ranked = After(Comparison, RankingDecision.Decide(Comparison, Ranking("annie", [CandidateIds[0]], [CandidateIds[1]]), Guid.NewGuid(), Now).Value.Event);

        var result = SkipDecision.Decide(ranked, new SkipComparison(Comparison.Id, "changed my mind", "annie"), Now);

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
    }
}
