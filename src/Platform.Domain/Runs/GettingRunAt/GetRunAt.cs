using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.GettingRunAt;

/// <summary>Replay: the run's summary as it was right after its event number <paramref name="Version"/> (1 = RunQueued).</summary>
public sealed record GetRunAt(Guid RunId, long Version) : IRequest<Result<RunSummary>>;

public sealed class GetRunAtHandler(IQuerySession session) : IRequestHandler<GetRunAt, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(GetRunAt query, CancellationToken cancellationToken)
    {
        if (query.Version < 1)
        {
            return new Error(ErrorKind.Validation, "Event numbers start at 1.", nameof(GetRunAt.Version));
        }

        return await session.Events.AggregateStreamAsync<RunSummary>(query.RunId, version: query.Version, token: cancellationToken) is { } run
            ? run
            : Error.NotFound($"Run {query.RunId} does not exist.");
    }
}
