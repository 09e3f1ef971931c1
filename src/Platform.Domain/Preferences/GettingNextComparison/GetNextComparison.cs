using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Preferences.GettingNextComparison;

/// <summary>A candidate as an annotator sees it: its text only, so the model that wrote it cannot sway the ranking.</summary>
public sealed record CandidateToRank(Guid CandidateId, string Text);

/// <summary>A comparison to rank, its candidates in their recorded display order.</summary>
public sealed record ComparisonToRank(Guid ComparisonId, string Prompt, IReadOnlyList<CandidateToRank> Candidates, string? Batch);

/// <summary>The comparison to rank now and the one after it, which the ranking page preloads; null where the queue runs out.</summary>
public sealed record NextComparisons(ComparisonToRank? Current, ComparisonToRank? Following);

/// <summary>
/// The oldest comparisons the annotator has neither ranked nor skipped, leaving out flagged ones;
/// optionally only those of one batch.
/// </summary>
public sealed record GetNextComparison(string Annotator, string? Batch = null) : IRequest<Result<NextComparisons>>;

public sealed class GetNextComparisonHandler(IQuerySession session) : IRequestHandler<GetNextComparison, Result<NextComparisons>>
{
    public async Task<Result<NextComparisons>> Handle(GetNextComparison query, CancellationToken cancellationToken)
    {
        var pending = session.Query<ComparisonSummary>().Where(c => !c.IsFlagged && !c.DoneBy.Contains(query.Annotator));
        if (query.Batch is { } batch)
        {
            pending = pending.Where(c => c.Batch == batch);
        }

        var next = await pending.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(2).ToListAsync(cancellationToken);
        return new NextComparisons(next.Count > 0 ? ToRank(next[0]) : null, next.Count > 1 ? ToRank(next[1]) : null);
    }

    private static ComparisonToRank ToRank(ComparisonSummary comparison)
    {
        var texts = comparison.Candidates.ToDictionary(c => c.CandidateId, c => c.Text);
        return new ComparisonToRank(
            comparison.Id, comparison.Prompt, comparison.DisplayOrder.Select(id => new CandidateToRank(id, texts[id])).ToList(), comparison.Batch);
    }
}
