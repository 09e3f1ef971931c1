using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.ClaimingRun;

/// <summary>The oldest queued runs, for workers looking for work (read from the inline RunSummary projection).</summary>
public sealed record FindQueuedRuns(int Limit) : IRequest<Result<IReadOnlyList<Guid>>>;

public sealed class FindQueuedRunsHandler(IQuerySession session) : IRequestHandler<FindQueuedRuns, Result<IReadOnlyList<Guid>>>
{
    public async Task<Result<IReadOnlyList<Guid>>> Handle(FindQueuedRuns query, CancellationToken cancellationToken)
    {
        var ids = await session.Query<RunSummary>()
            .Where(r => r.Status == RunStatus.Queued)
            .OrderBy(r => r.QueuedAt)
            .Select(r => r.Id)
            .Take(query.Limit)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<Guid>>.Success(ids);
    }
}
