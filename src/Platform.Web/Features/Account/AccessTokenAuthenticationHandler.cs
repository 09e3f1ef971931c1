using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Domain.Common;
using Platform.Domain.Users.AuthenticatingAccessToken;

namespace Platform.Web.Features.Account;

/// <summary>Authenticates <c>Authorization: Bearer plat_…</c> with a personal access token, as its owner with their current role.</summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IServiceScopeFactory scopes)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith($"{SchemeName} ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var user = await scopes.TrySendInScopeAsync(new AuthenticateAccessToken(header[(SchemeName.Length + 1)..].Trim()), Context.RequestAborted);
        return user.IsSuccess
            ? AuthenticateResult.Success(new AuthenticationTicket(SignedInPrincipal.From(user.Value, SchemeName), SchemeName))
            : AuthenticateResult.Fail(user.Errors[0].Message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }
}
