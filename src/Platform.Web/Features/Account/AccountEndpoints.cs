using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Domain.Users.ChangingPassword;
using Platform.Domain.Users.CreatingAccessToken;
using Platform.Domain.Users.ListingAccessTokens;
using Platform.Domain.Users.RevokingAccessToken;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Account;

/// <summary>The signed-in user's own account: their tokens and password; and signing out.</summary>
public static class AccountEndpoints
{
    public sealed record CreateTokenRequest(string Name, int ExpiresInDays);

    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/account").WithTags("Account").RequireAuthorization(); // any signed-in user, for their own account

        account.MapGet("/", (ClaimsPrincipal user) =>
            Results.Ok(new { name = user.ActorName(), role = user.FindFirstValue(ClaimTypes.Role) }));

        account.MapGet("/tokens", async (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListAccessTokens(user.ActorName()), cancellationToken)).ToHttp());

        account.MapPost("/tokens", async (ClaimsPrincipal user, CreateTokenRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new CreateAccessToken(request.Name, TimeSpan.FromDays(request.ExpiresInDays), user.ActorName()), cancellationToken))
                .ToHttp(created => Results.Created($"/api/account/tokens/{created.Id}", created)));

        account.MapDelete("/tokens/{id:guid}", async (ClaimsPrincipal user, Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new RevokeAccessToken(id, user.ActorName()), cancellationToken)).ToHttp(_ => Results.NoContent()));

        account.MapPost("/password", async (ClaimsPrincipal user, ChangePasswordRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ChangePassword(request.CurrentPassword, request.NewPassword, user.ActorName()), cancellationToken)).ToHttp(_ => Results.NoContent()));

        // A form post from the layout's menu, with its antiforgery token; a GET cannot sign anyone out.
        app.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/sign-in");
        }).RequireAuthorization().WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());

        return app;
    }
}
