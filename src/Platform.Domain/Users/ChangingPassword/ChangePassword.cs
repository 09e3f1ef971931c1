using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Platform.Domain.Common;

namespace Platform.Domain.Users.ChangingPassword;

/// <summary>A signed-in user replaces their own password; the current one must be given again, so an unattended session cannot take the account.</summary>
public sealed record ChangePassword(string CurrentPassword, string NewPassword, string Actor) : IRequest<Result<Guid>>
{
    public override string ToString() => $"ChangePassword {{ Actor = {Actor} }}";
}

public sealed class ChangePasswordValidator : AbstractValidator<ChangePassword>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.CurrentPassword).NotEmpty();
        RuleFor(c => c.NewPassword).NewPassword()
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password is the current one.");
    }
}

public sealed class ChangePasswordHandler(IDocumentSession session, IPasswordHasher<UserAccount> hasher, TimeProvider clock) : IRequestHandler<ChangePassword, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(ChangePassword command, CancellationToken cancellationToken)
    {
        var id = UserAccount.IdFor(command.Actor);
        var stream = await session.Events.FetchForWriting<UserCredential>(id, cancellationToken);
        var user = await session.LoadAsync<UserAccount>(id, cancellationToken);
        if (stream.Aggregate is not { PasswordHash: { } hash } || user is null
            || hasher.VerifyHashedPassword(user, hash, command.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            return new Error(ErrorKind.Validation, "The current password is wrong.", nameof(ChangePassword.CurrentPassword));
        }

        stream.AppendOne(new PasswordSet(id, hasher.HashPassword(user, command.NewPassword), IsOneTime: false, command.Actor, clock.GetUtcNow()));
        return await session.TrySaveChangesAsync("Your account changed concurrently; try again.", cancellationToken) is { } conflict ? conflict : id;
    }
}
