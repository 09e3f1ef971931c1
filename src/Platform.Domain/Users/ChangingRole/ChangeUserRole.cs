using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.ChangingRole;

public sealed record UserRoleChanged(Guid UserId, Role PreviousRole, Role Role, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record ChangeUserRole(string Name, Role Role, string Actor) : IRequest<Result<UserAccount>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageUsers;
}

public sealed class ChangeUserRoleValidator : AbstractValidator<ChangeUserRole>
{
    public ChangeUserRoleValidator()
    {
        RuleFor(c => c.Name).NotEmpty();
        RuleFor(c => c.Role).IsInEnum();
    }
}

public sealed class ChangeUserRoleHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ChangeUserRole, Result<UserAccount>>
{
    public async Task<Result<UserAccount>> Handle(ChangeUserRole command, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<UserAccount>(UserAccount.IdFor(command.Name), cancellationToken);
        if (stream.Aggregate is not { } user)
        {
            return Error.NotFound($"No user named {command.Name}.");
        }

        if (user.Role == command.Role)
        {
            return user;
        }

        stream.AppendOne(new UserRoleChanged(user.Id, user.Role, command.Role, command.Actor, clock.GetUtcNow()));
        return await session.TrySaveChangesAsync($"{user.Name}'s role changed concurrently; reload and retry.", cancellationToken) is { } conflict
            ? conflict
            : user with { Role = command.Role };
    }
}
