using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Evaluation.Preferences;

namespace Platform.Domain.Preferences.GettingPreferenceSnapshot;

/// <summary>One human preference: for this prompt, the annotator preferred the chosen response to the rejected one.</summary>
public sealed record PreferencePair(
    Guid ComparisonId,
    string Prompt,
    Guid ChosenCandidateId,
    string Chosen,
    string ChosenModel,
    Guid RejectedCandidateId,
    string Rejected,
    string RejectedModel,
    string Annotator,
    Guid RankingId);

/// <summary>
/// The pairwise preferences of every ranking stored at or before <see cref="Sequence"/>. A reward model
/// records the sequence number, which names exactly the feedback it learned from.
/// </summary>
public sealed record PreferenceSnapshot(long Sequence, IReadOnlyList<PreferencePair> Pairs);

/// <summary>
/// The preference snapshot at <paramref name="UpToSequence"/> (default: the highest event sequence stored
/// now). Each ranking expands to pairs: every candidate of a higher tier beats every candidate of a lower
/// one; candidates sharing a tier make no pair. Comparisons flagged by that sequence number are left out
/// (<see cref="PreferenceHistory.Feedback"/>).
/// </summary>
public sealed record GetPreferenceSnapshot(long? UpToSequence = null) : IRequest<Result<PreferenceSnapshot>>;

public sealed class GetPreferenceSnapshotValidator : AbstractValidator<GetPreferenceSnapshot>
{
    public GetPreferenceSnapshotValidator()
    {
        RuleFor(q => q.UpToSequence).GreaterThanOrEqualTo(0);
    }
}

/// <summary>Turns a history into its snapshot: pure, so the same history always gives the same pairs in the same order.</summary>
public static class PreferenceSnapshots
{
    public static PreferenceSnapshot FromHistory(PreferenceHistory history)
    {
        var pairs = new List<PreferencePair>();
        foreach (var ((_, ranking), comparison) in history.Feedback)
        {
            var candidates = comparison.Candidates.ToDictionary(c => c.CandidateId);
            pairs.AddRange(RankingTiers.Expand(ranking.Tiers)
                .Where(o => !o.IsTie)
                .Select(o => (chosen: candidates[o.Winner], rejected: candidates[o.Loser]))
                .Select(p => new PreferencePair(
                    comparison.Id, comparison.Prompt,
                    p.chosen.CandidateId, p.chosen.Text, p.chosen.ModelLabel,
                    p.rejected.CandidateId, p.rejected.Text, p.rejected.ModelLabel,
                    ranking.Annotator, ranking.RankingId)));
        }

        return new PreferenceSnapshot(history.Sequence, pairs);
    }
}

public sealed class GetPreferenceSnapshotHandler(IQuerySession session) : IRequestHandler<GetPreferenceSnapshot, Result<PreferenceSnapshot>>
{
    public async Task<Result<PreferenceSnapshot>> Handle(GetPreferenceSnapshot query, CancellationToken cancellationToken)
    {
        var history = await PreferenceHistory.LoadAsync(session, query.UpToSequence, cancellationToken);
        return history.IsSuccess ? PreferenceSnapshots.FromHistory(history.Value) : Result<PreferenceSnapshot>.Fail(history.Errors);
    }
}
