using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Evaluation.Preferences;

namespace Platform.Domain.Preferences.GettingAnnotatorStats;

/// <summary>
/// One annotator's throughput and agreement. <see cref="RankingsPerHour"/> divides by active time: the
/// union of the intervals spent on each ranking, so breaks between sessions do not count.
/// <see cref="MeanKendallTau"/> averages tau-b against every other annotator on every comparison both
/// ranked (over the candidates both ranked); null where no such pair is defined.
/// </summary>
public sealed record AnnotatorStats(
    string Annotator,
    int Rankings,
    int Skips,
    TimeSpan? MedianTimeSpent,
    double? RankingsPerHour,
    double? MeanKendallTau,
    int SharedComparisons);

/// <summary>Every annotator's statistics and the overall ordinal Krippendorff alpha, as of event sequence <see cref="Sequence"/>.</summary>
public sealed record AnnotatorStatsReport(long Sequence, IReadOnlyList<AnnotatorStats> Annotators, double? KrippendorffAlpha);

public sealed record GetAnnotatorStats(long? UpToSequence = null) : IRequest<Result<AnnotatorStatsReport>>;

public sealed class GetAnnotatorStatsValidator : AbstractValidator<GetAnnotatorStats>
{
    public GetAnnotatorStatsValidator()
    {
        RuleFor(q => q.UpToSequence).GreaterThanOrEqualTo(0);
    }
}

public static class AnnotatorStatistics
{
    /// <summary>
    /// Agreement reads every ranking, flagged comparisons included: a flag questions the item, not
    /// whether annotators agreed on it. Alpha's units are (comparison, candidate) and their values the
    /// tier positions each annotator gave.
    /// </summary>
    public static AnnotatorStatsReport Compute(PreferenceHistory history)
    {
        var comparisons = history.Comparisons.Values.ToList();
        var annotators = comparisons.SelectMany(c => c.Rankings.Select(r => r.Annotator).Concat(c.Skips.Select(s => s.Annotator)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var stats = annotators.Select(annotator => ForAnnotator(annotator, comparisons)).ToList();
        var units = comparisons.SelectMany(c =>
        {
            var positions = c.Rankings.Select(r => RankingTiers.Positions(r.Tiers)).ToList();
            return c.Candidates.Select(candidate =>
                (IReadOnlyList<double>)positions.Where(p => p.ContainsKey(candidate.CandidateId)).Select(p => p[candidate.CandidateId]).ToList());
        });
        return new AnnotatorStatsReport(history.Sequence, stats, KrippendorffAlpha.Ordinal(units));
    }

    private static AnnotatorStats ForAnnotator(string annotator, IReadOnlyList<ComparisonSummary> comparisons)
    {
        var own = comparisons.Select(c => (comparison: c, ranking: c.RankingBy(annotator))).Where(p => p.ranking is not null).ToList();
        var taus = new List<double>();
        var shared = 0;
        foreach (var (comparison, ranking) in own)
        {
            var others = comparison.Rankings.Where(r => r.Annotator != annotator).ToList();
            shared += others.Count > 0 ? 1 : 0;
            var mine = RankingTiers.Positions(ranking!.Tiers);
            taus.AddRange(others.Select(o => KendallTau.TauB(mine, RankingTiers.Positions(o.Tiers))).OfType<double>());
        }

        var times = own.Select(p => p.ranking!.TimeSpent).Order().ToList();
        var activeHours = ActiveTime(own.Select(p => p.ranking!)).TotalHours;
        return new AnnotatorStats(
            annotator,
            own.Count,
            comparisons.Count(c => c.Skips.Any(s => s.Annotator == annotator)),
            Median(times),
            activeHours > 0 ? own.Count / activeHours : null,
            taus.Count > 0 ? taus.Average() : null,
            shared);
    }

    private static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    };

    /// <summary>The length of the union of [submitted − time spent, submitted] over the rankings.</summary>
    private static TimeSpan ActiveTime(IEnumerable<SubmittedRanking> rankings)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? start = null, end = null;
        foreach (var (from, to) in rankings.Select(r => (from: r.SubmittedAt - r.TimeSpent, to: r.SubmittedAt)).OrderBy(i => i.from))
        {
            if (end is { } currentEnd && from <= currentEnd)
            {
                end = to > currentEnd ? to : currentEnd;
                continue;
            }

            total += end - start ?? TimeSpan.Zero;
            (start, end) = (from, to);
        }

        return total + (end - start ?? TimeSpan.Zero);
    }
}

public sealed class GetAnnotatorStatsHandler(IQuerySession session) : IRequestHandler<GetAnnotatorStats, Result<AnnotatorStatsReport>>
{
    public async Task<Result<AnnotatorStatsReport>> Handle(GetAnnotatorStats query, CancellationToken cancellationToken)
    {
        var history = await PreferenceHistory.LoadAsync(session, query.UpToSequence, cancellationToken);
        return history.IsSuccess ? AnnotatorStatistics.Compute(history.Value) : Result<AnnotatorStatsReport>.Fail(history.Errors);
    }
}
