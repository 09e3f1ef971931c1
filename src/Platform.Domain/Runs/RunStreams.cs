using Marten;
using Platform.Domain.Common;

namespace Platform.Domain.Runs;

public static class RunStreams
{
    /// <summary>
    /// Appends an event to a run that must be running (progress, checkpoints and outcomes are only
    /// accepted then), checked against the stream version read here.
    /// </summary>
    public static async Task<Error?> AppendToRunningRunAsync(this IDocumentSession session, Guid runId, object @event, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<RunSummary>(runId, cancellationToken);
        if (stream.Aggregate is not { } run)
        {
            return Error.NotFound($"Run {runId} does not exist.");
        }

        if (run.Status != RunStatus.Running)
        {
            return Error.Conflict($"Run {runId} is {run.Status.ToString().ToLowerInvariant()}, not running.");
        }

        stream.AppendOne(@event);
        return await session.TrySaveChangesAsync($"Run {runId} changed concurrently; reload it and retry.", cancellationToken);
    }
}
