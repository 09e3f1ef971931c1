using Marten;
using Platform.Domain.Common;

namespace Platform.Domain.Runs;

public static class RunStreams
{
    /// <summary>
    /// Loads a run, lets <paramref name="decide"/> (a pure function of the run's state) choose the events to
    /// append — none, when the command changes nothing — and saves them checked against the stream version
    /// read here, so a concurrent writer gets a conflict, never a lost update. <paramref name="exclusive"/> locks
    /// the stream from the read to the save instead, so no other append lands in between: writers queue
    /// behind it, and a writer that read the stream earlier gets the conflict.
    /// </summary>
    public static async Task<Error?> AppendToRunAsync(
        this IDocumentSession session, Guid runId, Func<RunSummary, Result<IReadOnlyList<object>>> decide, CancellationToken cancellationToken, bool exclusive = false)
    {
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<RunSummary>(runId, cancellationToken)
            : await session.Events.FetchForWriting<RunSummary>(runId, cancellationToken);
        if (stream.Aggregate is not { } run)
        {
            return Error.NotFound($"Run {runId} does not exist.");
        }

        var decision = decide(run);
        if (!decision.IsSuccess)
        {
            return decision.Errors[0];
        }

        if (decision.Value.Count == 0)
        {
            return null;
        }

        stream.AppendMany(decision.Value);
        return await session.TrySaveChangesAsync($"Run {runId} changed concurrently; reload it and retry.", cancellationToken);
    }

    /// <summary>Appends an event to a run that must be running (progress, checkpoints and outcomes are only accepted then).</summary>
    public static Task<Error?> AppendToRunningRunAsync(this IDocumentSession session, Guid runId, object @event, CancellationToken cancellationToken) =>
        session.AppendToRunAsync(runId, run => run.Require(RunStatus.Running) is { } error ? error : Result<IReadOnlyList<object>>.Success([@event]), cancellationToken);

    /// <summary>A conflict unless the run is in one of the <paramref name="allowed"/> states.</summary>
    public static Error? Require(this RunSummary run, params RunStatus[] allowed) =>
        allowed.Contains(run.Status)
            ? null
            : Error.Conflict($"Run {run.Id} is {run.Status.ToString().ToLowerInvariant()}, not {string.Join(" or ", allowed.Select(s => s.ToString().ToLowerInvariant()))}.");
}
