using Marten;
using Platform.Domain.Common;

namespace Platform.Domain.Preferences;

public static class ComparisonStreams
{
    /// <summary>
    /// Loads a comparison for writing, lets <paramref name="decide"/> judge the command against it, and
    /// appends its event checked against the stream version read, so two concurrent commands on the same
    /// comparison cannot both pass a check the other would fail. <paramref name="onAppend"/> adds what
    /// must be stored in the same unit (a retryable command's outcome).
    /// </summary>
    public static async Task<Result<Guid>> DecideOnComparisonAsync(
        this IDocumentSession session,
        Guid comparisonId,
        Func<ComparisonSummary, Result<ComparisonDecision>> decide,
        Action<Guid> onAppend,
        CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<ComparisonSummary>(comparisonId, cancellationToken);
        if (stream.Aggregate is not { } comparison)
        {
            return Error.NotFound($"Comparison {comparisonId} does not exist.");
        }

        var decision = decide(comparison);
        if (!decision.IsSuccess)
        {
            return Result<Guid>.Fail(decision.Errors);
        }

        if (decision.Value.Event is not { } @event)
        {
            return decision.Value.ResultId;
        }

        stream.AppendOne(@event);
        onAppend(decision.Value.ResultId);
        return await session.TrySaveChangesAsync($"Comparison {comparisonId} changed concurrently; reload it and retry.", cancellationToken) is { } conflict
            ? conflict
            : decision.Value.ResultId;
    }
}
