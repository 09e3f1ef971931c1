namespace Platform.Domain.Users;

/// <summary>
/// What signs a user in: the password hash (ASP.NET Core Identity's <c>PasswordHasher</c> format) and
/// the failed attempts since the last success. Kept apart from <see cref="UserAccount"/>, which lists
/// and API responses show, so no hash ever leaves the server.
/// </summary>
public sealed record UserCredential
{
    public Guid Id { get; init; }

    public string? PasswordHash { get; init; }

    /// <summary>A password someone else set (first start, an admin's reset): its owner is asked to choose their own.</summary>
    public bool PasswordIsOneTime { get; init; }

    public int FailedSignIns { get; init; }

    public DateTimeOffset? LockedOutUntil { get; init; }
}
