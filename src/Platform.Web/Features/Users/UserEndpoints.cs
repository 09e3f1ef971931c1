using System.Security.Claims;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.ChangingRole;
using Platform.Domain.Users.ListingUsers;
using Platform.Domain.Users.RegisteringUser;
using Platform.Domain.Users.ResettingPassword;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Users;

/// <summary>The admin's user management: register users (each with a one-time password), replace a password, change a role.</summary>
public static class UserEndpoints
{
    public sealed record RegisterUserRequest(string Name, Role Role);

    public sealed record ChangeRoleRequest(Role Role);

    /// <summary>A user and the one-time password they sign in with once; shown in this response only.</summary>
    public sealed record IssuedPassword(string Name, string OneTimePassword);

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequirePermission(Permission.ManageUsers);

        users.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListUsers(), cancellationToken)).ToHttp());

        users.MapPost("/", async (ClaimsPrincipal user, RegisterUserRequest request, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var registered = await mediator.Send(new RegisterUser(request.Name, request.Role, user.ActorName()), cancellationToken);
            return registered.IsSuccess
                ? (await mediator.Send(new ResetPassword(request.Name, user.ActorName()), cancellationToken))
                    .ToHttp(password => Results.Created($"/api/users/{request.Name}", new IssuedPassword(request.Name, password)))
                : registered.ToHttp();
        });

        users.MapPost("/{name}/password-reset", async (ClaimsPrincipal user, string name, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ResetPassword(name, user.ActorName()), cancellationToken)).ToHttp(password => Results.Ok(new IssuedPassword(name, password))));

        users.MapPut("/{name}/role", async (ClaimsPrincipal user, string name, ChangeRoleRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ChangeUserRole(name, request.Role, user.ActorName()), cancellationToken)).ToHttp());

        return app;
    }
}
