using Platform.Domain.Preferences;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.GettingAnnotatorStats;
using Platform.Domain.Preferences.GettingModelStrengths;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

/// <summary>
/// Annotator and model statistics over a history built by hand: two comparisons, annie ranks both,
/// bert ranks the first and skips the second. Expected values are worked out in each test.
/// </summary>
public sealed class PreferenceStatisticsTests
{
    private static readonly DateTimeOffset TenOClock = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly ComparisonCreated First = Created("a", "b", "c");
    private static readonly ComparisonCreated Second = Created("a", "b");

    private static ComparisonCreated Created(params string[] labels) =>
        ComparisonCreation.Decide(
            Comparisons.Command(Guid.NewGuid(), labels), Guid.NewGuid(), labels.Select(_ => Guid.NewGuid()).ToList(), freshSeed: 1, TenOClock);

    private static RankingSubmitted Ranked(ComparisonCreated comparison, string annotator, DateTimeOffset at, int seconds, params string[] order) =>
        new(comparison.ComparisonId, Guid.NewGuid(), annotator,
            order.Select(label => (IReadOnlyList<Guid>)[comparison.Candidates.Single(c => c.ModelLabel == label).CandidateId]).ToList(),
            TimeSpan.FromSeconds(seconds), null, at);

    private static PreferenceHistory History()
    {
        object[] events =
        [
            First,
            Second,
            Ranked(First, "annie", TenOClock.AddSeconds(30), 30, "a", "b", "c"),
            Ranked(Second, "annie", TenOClock.AddSeconds(60), 20, "a", "b"),
            Ranked(First, "bert", TenOClock.AddHours(1), 60, "a", "c", "b"),
            new ComparisonSkipped(Second.ComparisonId, "bert", "unsure", TenOClock.AddHours(1)),
        ];
        var comparisons = new Dictionary<Guid, ComparisonSummary>();
        foreach (var @event in events)
        {
            var id = @event switch
            {
                ComparisonCreated c => c.ComparisonId,
                RankingSubmitted r => r.ComparisonId,
                ComparisonSkipped s => s.ComparisonId,
                _ => throw new ArgumentException(@event.GetType().Name),
            };
            comparisons[id] = ComparisonSummaryProjection.Fold(comparisons.GetValueOrDefault(id), @event)!;
        }

        var rankings = events.OfType<RankingSubmitted>().Select((r, i) => new RankingAt(10 + i, r)).ToList();
        return new PreferenceHistory(42, comparisons, rankings);
    }

    [Fact]
    public void Given_two_annotators_When_computing_their_stats_Then_throughput_and_agreement_match_the_hand_calculation()
    {
        var report = AnnotatorStatistics.Compute(History());

        Assert.Equal(42, report.Sequence);
        var annie = report.Annotators.Single(a => a.Annotator == "annie");
        var bert = report.Annotators.Single(a => a.Annotator == "bert");

        Assert.Equal((2, 0), (annie.Rankings, annie.Skips));
        Assert.Equal(TimeSpan.FromSeconds(25), annie.MedianTimeSpent);
        // Active intervals 10:00:00–10:00:30 and 10:00:40–10:01:00: 50 s for 2 rankings.
        Assert.Equal(2 / (50 / 3600.0), annie.RankingsPerHour!.Value, 9);
        // On the first comparison annie says a>b>c, bert a>c>b: 2 concordant, 1 discordant of 3 pairs.
        Assert.Equal(1.0 / 3, annie.MeanKendallTau!.Value, 12);
        Assert.Equal(1, annie.SharedComparisons);

        Assert.Equal((1, 1), (bert.Rankings, bert.Skips));
        Assert.Equal(TimeSpan.FromSeconds(60), bert.MedianTimeSpent);
        Assert.Equal(60, bert.RankingsPerHour!.Value, 9);
        Assert.Equal(1.0 / 3, bert.MeanKendallTau!.Value, 12);
    }

    [Fact]
    public void Given_two_annotators_When_computing_alpha_Then_the_shared_candidates_positions_give_the_ordinal_alpha()
    {
        // Pairable units: candidate a (1, 1), b (2, 3), c (3, 2); the second comparison has one ranking only.
        // Coincidences o11 = 2, o23 = o32 = 2, n = 6: α = 1 − 5·16 / 192 = 0.58333 (also by the Python transcription).
        Assert.Equal(7.0 / 12, AnnotatorStatistics.Compute(History()).KrippendorffAlpha!.Value, 12);
    }

    [Fact]
    public void Given_the_rankings_When_computing_model_strengths_Then_records_and_Bradley_Terry_match_the_reference()
    {
        var report = ModelStrengths.Compute(History(), prior: 0.5);

        // Pairs: annie a>b, a>c, b>c and a>b; bert a>c, a>b, c>b. So a 5–0, c 1–3, b 1–4.
        Assert.Equal(["a", "c", "b"], report.Models.Select(m => m.ModelLabel));
        var a = report.Models[0];
        Assert.Equal((2, 5, 0, 0, 1.0), (a.Comparisons, a.Wins, a.Losses, a.Ties, a.WinRate));
        var b = report.Models.Single(m => m.ModelLabel == "b");
        Assert.Equal((2, 1, 4, 0, 0.2), (b.Comparisons, b.Wins, b.Losses, b.Ties, b.WinRate));

        // Reference: gradient ascent on the penalised Bradley–Terry log-likelihood in Python.
        Assert.Equal(5.493543683518549, a.Strength, 7);
        Assert.Equal(0.4379026179747174, report.Models[1].Strength, 7);
        Assert.Equal(0.41569028622598375, b.Strength, 7);
    }
}
