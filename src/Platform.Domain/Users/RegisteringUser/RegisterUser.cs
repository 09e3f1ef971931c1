using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.RegisteringUser;

public sealed record UserRegistered(Guid UserId, string Name, Role Role, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>Registers a user with a role. Registering the same name with the same role again returns the existing user.</summary>
public sealed record RegisterUser(string Name, Role Role, string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageUsers;
}

public sealed class RegisterUserValidator : AbstractValidator<RegisterUser>
{
    public RegisterUserValidator()
    {
        RuleFor(c => c.Name)
            .NotEmpty()
            .MaximumLength(100)
            .Matches("^[A-Za-z0-9._@-]+$").WithMessage("A user name holds letters, digits and . _ @ - only.")
            .NotEqual(SystemActor.Name, StringComparer.OrdinalIgnoreCase).WithMessage($"'{SystemActor.Name}' is reserved for the platform itself.");
        RuleFor(c => c.Role).IsInEnum();
    }
}

public sealed class RegisterUserHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RegisterUser, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RegisterUser command, CancellationToken cancellationToken)
    {
        var id = UserAccount.IdFor(command.Name);
        if (await session.LoadAsync<UserAccount>(id, cancellationToken) is { } existing)
        {
            return existing.Role == command.Role
                ? id
                : Error.Conflict($"{existing.Name} is already registered as {existing.Role}; change the role instead.");
        }

        session.Events.StartStream<UserAccount>(id, new UserRegistered(id, command.Name.Trim(), command.Role, command.Actor, clock.GetUtcNow()));
        return await session.TrySaveNewStreamAsync(id, $"{command.Name} was registered concurrently; reload and retry.", cancellationToken);
    }
}
