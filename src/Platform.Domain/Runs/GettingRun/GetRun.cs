using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.GettingRun;

public sealed record GetRun(Guid RunId) : IRequest<Result<RunSummary>>;

public sealed class GetRunHandler(IQuerySession session) : IRequestHandler<GetRun, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(GetRun query, CancellationToken cancellationToken) =>
        await session.LoadAsync<RunSummary>(query.RunId, cancellationToken) is { } run
            ? run
            : Error.NotFound($"Run {query.RunId} does not exist.");
}
