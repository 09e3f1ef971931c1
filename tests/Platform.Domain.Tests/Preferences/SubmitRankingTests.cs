using Platform.Domain.Common;
using Platform.Domain.Preferences;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

public sealed class SubmitRankingTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<ComparisonSummary> ComparisonAsync() =>
        await Comparisons.CreateAsync(database, await Comparisons.RunAsync(database), "a", "b", "c");

    private async Task<ComparisonSummary> ReloadAsync(Guid id) => (await database.SendAsync(new GetComparison(id))).Value;

    [Theory]
    [InlineData(TestUsers.Annotator)]
    [InlineData(TestUsers.Admin)]
    public async Task Given_an_annotator_or_admin_When_ranking_with_a_tie_Then_the_ranking_is_stored_and_the_comparison_is_ranked(string annotator)
    {
        var comparison = await ComparisonAsync();

        var rankingId = (await database.SendAsync(Comparisons.Ranking(comparison, annotator, ["b"], ["a", "c"]) with { Comment = "b is clearer" })).Value;

        var summary = await ReloadAsync(comparison.Id);
        var ranking = Assert.Single(summary.Rankings);
        Assert.Equal(rankingId, ranking.RankingId);
        Assert.Equal(annotator, ranking.Annotator);
        Assert.Equal("b is clearer", ranking.Comment);
        Assert.Equal(Comparisons.Tiers(comparison, ["b"], ["a", "c"]), ranking.Tiers);
        Assert.Equal(ComparisonStatus.Ranked, summary.Status);
        Assert.Equal([annotator], summary.RankedBy);
    }

    [Theory]
    [InlineData(TestUsers.Researcher)]
    [InlineData(TestUsers.Viewer)]
    public async Task Given_a_researcher_or_viewer_When_ranking_skipping_or_flagging_Then_it_is_forbidden_and_nothing_is_appended(string actor)
    {
        var comparison = await ComparisonAsync();

        var ranked = await database.SendAsync(Comparisons.Ranking(comparison, actor, ["a"], ["b"]));
        var skipped = await database.SendAsync(new SkipComparison(comparison.Id, "no", actor));
        var flagged = await database.SendAsync(new FlagComparison(comparison.Id, "no", actor));

        Assert.All(new[] { ranked, skipped, flagged }, r => Assert.Equal(ErrorKind.Forbidden, Assert.Single(r.Errors).Kind));
        Assert.Single(await database.StreamAsync(comparison.Id));
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_browser_resubmits_the_ranking_Then_it_is_counted_once()
    {
        var comparison = await ComparisonAsync();
        var command = Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"], ["c"]) with { ClientCommandId = Guid.NewGuid() };

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(2, (await database.StreamAsync(comparison.Id)).Count);
        Assert.Equal(1, (await ReloadAsync(comparison.Id)).RankingCount);
    }

    [Fact]
    public async Task Given_concurrent_retries_of_a_ranking_When_they_arrive_at_once_Then_exactly_one_ranking_is_stored()
    {
        var comparison = await ComparisonAsync();
        var command = Comparisons.Ranking(comparison, TestUsers.Annotator, ["c"], ["a"]) with { ClientCommandId = Guid.NewGuid() };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.SendAsync(command)));

        Assert.Equal(2, (await database.StreamAsync(comparison.Id)).Count);
        var rankingIds = results.Where(r => r.IsSuccess).Select(r => r.Value).Distinct().ToList();
        Assert.Single(rankingIds);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, Assert.Single(r.Errors).Kind));
        Assert.Equal(rankingIds[0], (await database.SendAsync(command)).Value);
    }

    [Fact]
    public async Task Given_a_ranked_comparison_When_the_same_annotator_sends_a_different_ranking_Then_a_conflict_and_the_same_ranking_is_idempotent()
    {
        var comparison = await ComparisonAsync();
        var first = await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"]));

        var same = await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"]));
        var different = await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Annotator, ["b"], ["a"]));

        Assert.Equal(first.Value, same.Value);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(different.Errors).Kind);
        Assert.Equal(2, (await database.StreamAsync(comparison.Id)).Count);
    }

    [Fact]
    public async Task Given_malformed_rankings_When_submitting_them_Then_validation_errors_and_nothing_is_appended()
    {
        var comparison = await ComparisonAsync();
        var valid = Comparisons.Ranking(comparison, TestUsers.Annotator, ["a"], ["b"]);
        var a = comparison.Candidates[0].CandidateId;

        SubmitRanking[] invalid =
        [
            valid with { Tiers = [[a], [Guid.NewGuid()]] },
            valid with { Tiers = [[a], [a]] },
            valid with { Tiers = [[a], []] },
            valid with { Tiers = [[a]] },
            valid with { Tiers = [] },
            valid with { Tiers = Comparisons.Tiers(comparison, ["a", "b"]) },
            valid with { Comment = new string('x', SubmitRanking.MaxCommentLength + 1) },
            valid with { TimeSpent = TimeSpan.FromSeconds(-1) },
        ];

        foreach (var command in invalid)
        {
            var result = await database.SendAsync(command);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
        }

        Assert.Single(await database.StreamAsync(comparison.Id));
    }

    [Fact]
    public async Task Given_an_unknown_comparison_When_ranking_Then_not_found()
    {
        var result = await database.SendAsync(new SubmitRanking(Guid.NewGuid(), [[Guid.NewGuid()], [Guid.NewGuid()]], TimeSpan.FromSeconds(1), TestUsers.Annotator));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_flagged_comparison_When_ranking_Then_a_conflict_and_the_summary_records_the_flag()
    {
        var comparison = await ComparisonAsync();
        await database.SendAsync(new FlagComparison(comparison.Id, "the prompt is cut off", TestUsers.Annotator));

        var result = await database.SendAsync(Comparisons.Ranking(comparison, TestUsers.Admin, ["a"], ["b"]));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
        var summary = await ReloadAsync(comparison.Id);
        Assert.Equal(ComparisonStatus.Flagged, summary.Status);
        Assert.Equal("the prompt is cut off", Assert.Single(summary.Flags).Reason);
    }
}
