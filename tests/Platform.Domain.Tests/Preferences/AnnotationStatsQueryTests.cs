using Platform.Domain.Common;
using Platform.Domain.Preferences.GettingAnnotatorStats;
using Platform.Domain.Preferences.GettingModelStrengths;
using Platform.Domain.Preferences.GettingPreferenceSnapshot;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

public sealed class AnnotationStatsQueryTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_stored_rankings_When_asking_for_annotator_stats_and_model_strengths_Then_both_read_the_snapshot_of_the_same_sequence()
    {
        var runId = await Comparisons.RunAsync(database);
        var first = await Comparisons.CreateAsync(database, runId, "base", "tuned");
        var second = await Comparisons.CreateAsync(database, runId, "base", "tuned");
        await database.SendAsync(Comparisons.Ranking(first, TestUsers.Annotator, ["tuned"], ["base"]));
        await database.SendAsync(Comparisons.Ranking(first, TestUsers.Admin, ["tuned"], ["base"]));
        await database.SendAsync(Comparisons.Ranking(second, TestUsers.Annotator, ["tuned"], ["base"]));
        await database.SendAsync(new SkipComparison(second.Id, "too long", TestUsers.Admin));
        var snapshot = (await database.SendAsync(new GetPreferenceSnapshot())).Value;

        var stats = (await database.SendAsync(new GetAnnotatorStats(snapshot.Sequence))).Value;
        var strengths = (await database.SendAsync(new GetModelStrengths(snapshot.Sequence))).Value;
        await database.SendAsync(Comparisons.Ranking(second, TestUsers.Annotator, ["base"], ["tuned"]));
        var strengthsAgain = (await database.SendAsync(new GetModelStrengths(snapshot.Sequence))).Value;

        Assert.Equal(snapshot.Sequence, stats.Sequence);
        var annie = stats.Annotators.Single(a => a.Annotator == TestUsers.Annotator);
        var ada = stats.Annotators.Single(a => a.Annotator == TestUsers.Admin);
        Assert.Equal((2, 0, 1.0), (annie.Rankings, annie.Skips, annie.MeanKendallTau));
        Assert.Equal((1, 1, 1), (ada.Rankings, ada.Skips, ada.SharedComparisons));
        Assert.Equal(TimeSpan.FromSeconds(30), annie.MedianTimeSpent);

        Assert.Equal(snapshot.Sequence, strengths.Sequence);
        Assert.Equal(["tuned", "base"], strengths.Models.Select(m => m.ModelLabel));
        Assert.Equal((3, 0, 1.0), (strengths.Models[0].Wins, strengths.Models[0].Losses, strengths.Models[0].WinRate));
        Assert.Equal(snapshot.Pairs.Count, strengths.Models.Sum(m => m.Wins));
        Assert.Equal(strengths.Models, strengthsAgain.Models);
    }

    [Fact]
    public async Task Given_a_sequence_not_reached_yet_When_asking_for_stats_Then_a_validation_error()
    {
        var current = (await database.SendAsync(new GetPreferenceSnapshot())).Value.Sequence;

        var stats = await database.SendAsync(new GetAnnotatorStats(current + 1_000));
        var strengths = await database.SendAsync(new GetModelStrengths(current + 1_000));

        Assert.Equal(ErrorKind.Validation, Assert.Single(stats.Errors).Kind);
        Assert.Equal(ErrorKind.Validation, Assert.Single(strengths.Errors).Kind);
    }

    [Fact]
    public async Task Given_no_rankings_at_sequence_zero_When_asking_for_stats_and_strengths_Then_empty_reports()
    {
        var stats = (await database.SendAsync(new GetAnnotatorStats(0))).Value;
        var strengths = (await database.SendAsync(new GetModelStrengths(0))).Value;
        var snapshot = (await database.SendAsync(new GetPreferenceSnapshot(0))).Value;

        Assert.Empty(stats.Annotators);
        Assert.Null(stats.KrippendorffAlpha);
        Assert.Empty(strengths.Models);
        Assert.Empty(snapshot.Pairs);
    }

    [Fact]
    public async Task Given_a_prior_of_zero_When_asking_for_model_strengths_Then_a_validation_error()
    {
        var result = await database.SendAsync(new GetModelStrengths(Prior: 0));

        Assert.Equal(ErrorKind.Validation, Assert.Single(result.Errors).Kind);
    }
}
