using Marten.Events.Aggregation;
using Platform.Domain.Users.RegisteringUser;
using Platform.Domain.Users.SigningIn;

namespace Platform.Domain.Users;

/// <summary>
/// Folds a user's password and sign-in events into their credential; inline, since the next sign-in
/// reads it. A user registered before passwords existed gets theirs at the first <see cref="PasswordSet"/>.
/// </summary>
public sealed class UserCredentialProjection : SingleStreamProjection<UserCredential, Guid>
{
    public static UserCredential Create(UserRegistered registered) => new() { Id = registered.UserId };

    public static UserCredential Apply(PasswordSet set, UserCredential credential) => credential with
    {
        PasswordHash = set.PasswordHash,
        PasswordIsOneTime = set.IsOneTime,
        FailedSignIns = 0,
        LockedOutUntil = null,
    };

    public static UserCredential Apply(SignInFailed failed, UserCredential credential) => credential with
    {
        FailedSignIns = failed.FailedAttempts,
        LockedOutUntil = failed.LockedOutUntil,
    };

    public static UserCredential Apply(SignedIn signedIn, UserCredential credential) => credential with { FailedSignIns = 0, LockedOutUntil = null };
}
