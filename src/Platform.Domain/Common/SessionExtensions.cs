using JasperFx;
using Marten;
using Marten.Exceptions;

namespace Platform.Domain.Common;

public static class SessionExtensions
{
    /// <summary>
    /// Saves the unit of work; a stream that moved on since it was read (optimistic concurrency), or a
    /// stream or retried command stored concurrently, becomes a conflict error instead of an exception,
    /// and nothing of this unit is stored.
    /// </summary>
    public static async Task<Error?> TrySaveChangesAsync(this IDocumentSession session, string conflictMessage, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException)
        {
            return Error.Conflict(conflictMessage);
        }
    }

    /// <summary>Saves a unit that starts the stream <paramref name="streamId"/>: its id, or a conflict.</summary>
    public static async Task<Result<Guid>> TrySaveNewStreamAsync(this IDocumentSession session, Guid streamId, string conflictMessage, CancellationToken cancellationToken) =>
        await session.TrySaveChangesAsync(conflictMessage, cancellationToken) is { } conflict ? conflict : streamId;

    /// <summary>The result of an earlier attempt of this retryable command, or null when it is new.</summary>
    public static async Task<Result<Guid>?> PreviousOutcomeAsync<TCommand>(this IQuerySession session, TCommand command, CancellationToken cancellationToken)
        where TCommand : IRetryableCommand
    {
        if (command.ClientCommandId is not { } id || await session.LoadAsync<ProcessedCommand>(id, cancellationToken) is not { } processed)
        {
            return null;
        }

        return processed.Command == typeof(TCommand).Name
            ? processed.ResultId
            : Error.Conflict($"Client command id {id} was already used by a {processed.Command}; use a fresh id per action.");
    }

    /// <summary>Records the outcome of a retryable command in the unit of work that stores its events.</summary>
    public static void RecordOutcome<TCommand>(this IDocumentSession session, TCommand command, Guid resultId, DateTimeOffset at)
        where TCommand : IRetryableCommand
    {
        if (command.ClientCommandId is { } id)
        {
            session.Insert(new ProcessedCommand(id, typeof(TCommand).Name, resultId, at));
        }
    }
}
