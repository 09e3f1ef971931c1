namespace Platform.Domain.Common;

/// <summary>
/// The outcome of a command a client may retry, stored in the same transaction as the command's events:
/// a retry with the same client command id finds it and returns the same result, appending nothing.
/// </summary>
public sealed record ProcessedCommand(Guid Id, string Command, Guid ResultId, DateTimeOffset ProcessedAt);
