using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.GettingRunEvents;

/// <summary>One stored event of a run, as clients see it.</summary>
public sealed record RunEventView(long Version, long Sequence, string Type, DateTimeOffset Timestamp, string? UserName, object Data);

/// <summary>A run's events in stream order: the run's full history.</summary>
public sealed record GetRunEvents(Guid RunId) : IRequest<Result<IReadOnlyList<RunEventView>>>;

public sealed class GetRunEventsHandler(IQuerySession session) : IRequestHandler<GetRunEvents, Result<IReadOnlyList<RunEventView>>>
{
    public async Task<Result<IReadOnlyList<RunEventView>>> Handle(GetRunEvents query, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(query.RunId, token: cancellationToken);
        if (events.Count == 0)
        {
            return Error.NotFound($"Run {query.RunId} does not exist.");
        }

        return events
            .Select(e => new RunEventView(e.Version, e.Sequence, e.EventType.Name, e.Timestamp, e.UserName, e.Data))
            .ToList();
    }
}
