using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Platform.Domain.Common;

namespace Platform.Domain.Users.ResettingPassword;

/// <summary>
/// Gives a user a new one-time password and returns it: the only time it is readable, since only its
/// hash is stored. It also lifts a lockout. The user is asked to choose their own at the next sign-in.
/// </summary>
public sealed record ResetPassword(string Name, string Actor) : IRequest<Result<string>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageUsers;
}

public sealed class ResetPasswordValidator : AbstractValidator<ResetPassword>
{
    public ResetPasswordValidator()
    {
        RuleFor(c => c.Name).NotEmpty();
    }
}

public sealed class ResetPasswordHandler(IDocumentSession session, IPasswordHasher<UserAccount> hasher, TimeProvider clock) : IRequestHandler<ResetPassword, Result<string>>
{
    public async Task<Result<string>> Handle(ResetPassword command, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<UserAccount>(UserAccount.IdFor(command.Name), cancellationToken);
        if (stream.Aggregate is not { } user)
        {
            return Error.NotFound($"No user named {command.Name}.");
        }

        var password = Passwords.OneTime();
        stream.AppendOne(new PasswordSet(user.Id, hasher.HashPassword(user, password), IsOneTime: true, command.Actor, clock.GetUtcNow()));
        return await session.TrySaveChangesAsync($"{user.Name}'s account changed concurrently; reset again.", cancellationToken) is { } conflict
            ? conflict
            : password;
    }
}
