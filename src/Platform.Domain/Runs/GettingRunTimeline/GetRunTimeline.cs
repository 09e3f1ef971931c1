using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs.GettingRunEvents;

namespace Platform.Domain.Runs.GettingRunTimeline;

/// <summary>One step of a run's history: the event and the run's state right after it.</summary>
public sealed record RunTimelineEntry(RunEventView Event, RunSummary State);

/// <summary>A run's events in order, each with the state after it, folded by the projection's own <see cref="RunSummaryProjection.Evolve"/>.</summary>
public sealed record GetRunTimeline(Guid RunId) : IRequest<Result<IReadOnlyList<RunTimelineEntry>>>;

public sealed class GetRunTimelineHandler(IQuerySession session) : IRequestHandler<GetRunTimeline, Result<IReadOnlyList<RunTimelineEntry>>>
{
    private static readonly RunSummaryProjection Fold = new();

    public async Task<Result<IReadOnlyList<RunTimelineEntry>>> Handle(GetRunTimeline query, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(query.RunId, token: cancellationToken);
        if (events.Count == 0)
        {
            return Error.NotFound($"Run {query.RunId} does not exist.");
        }

        var timeline = new List<RunTimelineEntry>(events.Count);
        RunSummary? state = null;
        foreach (var e in events)
        {
            state = Fold.Evolve(state, query.RunId, e)! with { Version = e.Version };
            timeline.Add(new RunTimelineEntry(new RunEventView(e.Version, e.Sequence, e.EventType.Name, e.Timestamp, e.UserName, e.Data), state));
        }

        return timeline;
    }
}
