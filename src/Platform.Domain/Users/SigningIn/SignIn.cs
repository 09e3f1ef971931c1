using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Platform.Domain.Common;

namespace Platform.Domain.Users.SigningIn;

public sealed record SignedIn(Guid UserId, DateTimeOffset At);

/// <summary>A wrong password: the count since the last success, and the lock it started once the count reached the limit.</summary>
public sealed record SignInFailed(Guid UserId, int FailedAttempts, DateTimeOffset? LockedOutUntil, DateTimeOffset At);

/// <summary>
/// Checks a user name and password. An unknown name and a wrong password give the same answer, so the
/// answer does not tell which names exist; <see cref="MaxFailedAttempts"/> wrong passwords in a row lock
/// the account for <see cref="LockoutDuration"/>, during which even the right password is refused.
/// </summary>
public sealed record SignIn(string Name, string Password) : IRequest<Result<SignedInUser>>
{
    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public override string ToString() => $"SignIn {{ Name = {Name} }}"; // never the password, in logs or exceptions
}

public sealed class SignInValidator : AbstractValidator<SignIn>
{
    public SignInValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(Passwords.MaximumLength);
    }
}

public static class SignInDecision
{
    public static readonly Error WrongCredentials = Error.Unauthenticated("Wrong user name or password.");

    /// <summary>The event to append (null for none) and the answer, given whether the password verified.</summary>
    public static (object? Event, Result<SignedInUser> Answer) Decide(UserCredential credential, UserAccount account, bool verified, DateTimeOffset now)
    {
        if (credential.LockedOutUntil is { } until && until > now)
        {
            return (null, Error.Unauthenticated($"Too many wrong passwords: {account.Name} is locked until {until:yyyy-MM-dd HH:mm} UTC."));
        }

        if (verified)
        {
            return (new SignedIn(credential.Id, now), new SignedInUser(account.Name, account.Role, credential.PasswordIsOneTime));
        }

        // A lock that has run out starts the count afresh.
        var failed = (credential.LockedOutUntil is null ? credential.FailedSignIns : 0) + 1;
        var lockedUntil = failed >= SignIn.MaxFailedAttempts ? now + SignIn.LockoutDuration : (DateTimeOffset?)null;
        return (new SignInFailed(credential.Id, failed, lockedUntil, now), WrongCredentials);
    }
}

public sealed class SignInHandler(IDocumentSession session, IPasswordHasher<UserAccount> hasher, TimeProvider clock) : IRequestHandler<SignIn, Result<SignedInUser>>
{
    public async Task<Result<SignedInUser>> Handle(SignIn command, CancellationToken cancellationToken)
    {
        var id = UserAccount.IdFor(command.Name);
        // Exclusive: parallel guesses at one account queue behind each other, so every one of them counts.
        var stream = await session.Events.FetchForExclusiveWriting<UserCredential>(id, cancellationToken);
        var account = await session.LoadAsync<UserAccount>(id, cancellationToken);
        if (stream.Aggregate is not { PasswordHash: { } hash } credential || account is null)
        {
            return SignInDecision.WrongCredentials;
        }

        var verified = hasher.VerifyHashedPassword(account, hash, command.Password) != PasswordVerificationResult.Failed;
        var (decided, answer) = SignInDecision.Decide(credential, account, verified, clock.GetUtcNow());
        if (decided is not null)
        {
            stream.AppendOne(decided);
            await session.SaveChangesAsync(cancellationToken);
        }

        return answer;
    }
}
