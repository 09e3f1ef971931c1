using Marten;
using Marten.Events;
using Platform.Domain.Common;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Platform.Evaluation.Preferences;

namespace Platform.Domain.Preferences;

/// <summary>A ranking and the global event sequence number it was stored at.</summary>
public sealed record RankingAt(long Sequence, RankingSubmitted Ranking);

/// <summary>
/// The preference feedback as it stood at event sequence <see cref="Sequence"/>: every comparison folded
/// from its events up to that number, and the rankings in the order they were stored. Read from the
/// events rather than from the current summaries, so the same sequence number always gives the same
/// history however many rankings arrive afterwards.
/// </summary>
public sealed record PreferenceHistory(long Sequence, IReadOnlyDictionary<Guid, ComparisonSummary> Comparisons, IReadOnlyList<RankingAt> Rankings)
{
    /// <summary>
    /// Rankings that count as feedback, each with its comparison: those of comparisons not flagged by
    /// <see cref="Sequence"/>, since a flag says the item itself is broken.
    /// </summary>
    public IEnumerable<(RankingAt Ranking, ComparisonSummary Comparison)> Feedback =>
        Rankings.Select(r => (r, Comparisons[r.Ranking.ComparisonId])).Where(p => !p.Item2.IsFlagged);

    /// <summary>Every pairwise outcome of the feedback, each candidate mapped to what is being compared (its model, its adapter…).</summary>
    public IEnumerable<PairwiseOutcome<T>> Outcomes<T>(Func<ComparisonCandidate, T> key) =>
        Feedback.SelectMany(f =>
        {
            var candidates = f.Comparison.Candidates.ToDictionary(c => c.CandidateId);
            return RankingTiers.Expand(f.Ranking.Ranking.Tiers)
                .Select(o => new PairwiseOutcome<T>(key(candidates[o.Winner]), key(candidates[o.Loser]), o.IsTie));
        });

    /// <summary>
    /// The highest sequence number stored so far (0 for an empty store): what "now" means for a snapshot.
    /// Marten draws sequence numbers when a transaction appends, so one still open with a lower number can
    /// commit after this read and join the snapshot of this number later; a job that must pin its data
    /// exactly asks for a number a moment old (the async daemon's high-water mark solves this properly).
    /// </summary>
    public static async Task<long> CurrentSequenceAsync(IQuerySession session, CancellationToken cancellationToken) =>
        await session.Events.QueryAllRawEvents()
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The sequence number a snapshot is read at: the one asked for, or now. A number not reached yet is
    /// refused, since later events would change what it names.
    /// </summary>
    private static async Task<Result<long>> ResolveSequenceAsync(IQuerySession session, long? upToSequence, CancellationToken cancellationToken)
    {
        var current = await CurrentSequenceAsync(session, cancellationToken);
        return upToSequence is { } asked && asked > current
            ? new Error(ErrorKind.Validation, $"Sequence {asked} has not been reached yet (the latest is {current}).", "UpToSequence")
            : upToSequence ?? current;
    }

    /// <summary>The history at <paramref name="upToSequence"/>, or now when null; a number not reached yet is a validation error.</summary>
    public static async Task<Result<PreferenceHistory>> LoadAsync(IQuerySession session, long? upToSequence, CancellationToken cancellationToken)
    {
        var sequence = await ResolveSequenceAsync(session, upToSequence, cancellationToken);
        return sequence.IsSuccess
            ? await LoadAtAsync(session, sequence.Value, cancellationToken)
            : Result<PreferenceHistory>.Fail(sequence.Errors);
    }

    private static async Task<PreferenceHistory> LoadAtAsync(IQuerySession session, long upToSequence, CancellationToken cancellationToken)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= upToSequence
                && e.EventTypesAre(typeof(ComparisonCreated), typeof(RankingSubmitted), typeof(ComparisonSkipped), typeof(ComparisonFlagged)))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);

        var comparisons = new Dictionary<Guid, ComparisonSummary>();
        var rankings = new List<RankingAt>();
        foreach (var stored in events)
        {
            var before = comparisons.GetValueOrDefault(stored.StreamId);
            if (ComparisonSummaryProjection.Fold(before, stored.Data) is { } after)
            {
                comparisons[stored.StreamId] = after;
            }

            if (stored.Data is RankingSubmitted ranking)
            {
                rankings.Add(new RankingAt(stored.Sequence, ranking));
            }
        }

        return new PreferenceHistory(upToSequence, comparisons, rankings);
    }
}
