namespace Platform.Domain.Users;

/// <summary>A user's password changed: by themselves, or as a one-time password an admin (or the first start) issued.</summary>
public sealed record PasswordSet(Guid UserId, string PasswordHash, bool IsOneTime, string SetBy, DateTimeOffset SetAt);
