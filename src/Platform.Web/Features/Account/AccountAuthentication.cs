using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Platform.Web.Features.Account;

/// <summary>
/// Who a request is: the sign-in cookie in the browser, a personal access token for scripts
/// (<c>Authorization: Bearer</c>). Every page and endpoint needs one of them (the fallback policy);
/// /api answers 401 and 403 where a page would redirect to sign-in.
/// </summary>
public static class AccountAuthentication
{
    private const string CookieOrToken = "cookie-or-token";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieOrToken)
            .AddPolicyScheme(CookieOrToken, "The sign-in cookie, or a bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith($"{AccessTokenAuthenticationHandler.SchemeName} ", StringComparison.OrdinalIgnoreCase)
                        ? AccessTokenAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/sign-in";
                options.AccessDeniedPath = "/forbidden";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Cookie.Name = "platform.session";
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: a link from elsewhere (a chat message, an OpenID provider's redirect) arrives signed in; forms carry antiforgery tokens.
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over HTTPS; the embedded set-up serves plain HTTP on 127.0.0.1.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPermissionPolicies();
        });
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
