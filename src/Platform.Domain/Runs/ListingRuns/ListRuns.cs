using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.ListingRuns;

/// <summary>The newest runs first.</summary>
public sealed record ListRuns(int Limit = 200) : IRequest<Result<IReadOnlyList<RunSummary>>>;

public sealed class ListRunsHandler(IQuerySession session) : IRequestHandler<ListRuns, Result<IReadOnlyList<RunSummary>>>
{
    public async Task<Result<IReadOnlyList<RunSummary>>> Handle(ListRuns query, CancellationToken cancellationToken)
    {
        var runs = await session.Query<RunSummary>()
            .OrderByDescending(r => r.QueuedAt)
            .Take(query.Limit)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<RunSummary>>.Success(runs);
    }
}
