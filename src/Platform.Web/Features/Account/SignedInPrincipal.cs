using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Domain.Users;

namespace Platform.Web.Features.Account;

/// <summary>The signed-in identity as claims (name and role), and the actor name commands carry, read from it and never from a request.</summary>
public static class SignedInPrincipal
{
    public static ClaimsPrincipal From(SignedInUser user, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role.ToString())], scheme));

    public static ClaimsPrincipal ForCookie(SignedInUser user) => From(user, CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The acting user's name; every page and endpoint but sign-in requires a signed-in user, so one is always there.</summary>
    public static string ActorName(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new InvalidOperationException("No user is signed in; the authorization fallback policy should have refused the request.");

    /// <summary>The acting user of a component, from the cascaded authentication state.</summary>
    public static async Task<string> ActorNameAsync(this Task<AuthenticationState> state) => (await state).User.ActorName();
}
