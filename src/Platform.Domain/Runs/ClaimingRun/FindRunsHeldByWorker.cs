using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.ClaimingRun;

/// <summary>Runs a worker claimed and has not finished: at the worker's start these are orphans of its previous life.</summary>
public sealed record FindRunsHeldByWorker(string Worker) : IRequest<Result<IReadOnlyList<Guid>>>;

public sealed class FindRunsHeldByWorkerHandler(IQuerySession session) : IRequestHandler<FindRunsHeldByWorker, Result<IReadOnlyList<Guid>>>
{
    public async Task<Result<IReadOnlyList<Guid>>> Handle(FindRunsHeldByWorker query, CancellationToken cancellationToken)
    {
        var ids = await session.Query<RunSummary>()
            .Where(r => r.Status == RunStatus.Running && r.Worker == query.Worker)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<Guid>>.Success(ids);
    }
}
