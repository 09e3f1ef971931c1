using JasperFx;
using Marten;

namespace Platform.Domain.Common;

public static class SessionExtensions
{
    /// <summary>
    /// Saves the unit of work; a stream that moved on since it was read (optimistic concurrency)
    /// becomes a conflict error instead of an exception, and nothing of this unit is stored.
    /// </summary>
    public static async Task<Error?> TrySaveChangesAsync(this IDocumentSession session, string conflictMessage, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (ConcurrencyException)
        {
            return Error.Conflict(conflictMessage);
        }
    }
}
