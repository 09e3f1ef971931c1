using Platform.Domain.Users;

namespace Platform.Web.Features.Account;

/// <summary>Where a user lands after signing in: where they were headed when that is a page of this site, else their role's home.</summary>
public static class Landing
{
    public static string After(string? returnUrl, Role role) => IsLocal(returnUrl) ? returnUrl! : HomeOf(role);

    /// <summary>Annotators have no page of runs to see; their ranking page comes with comparison batches, until then their account.</summary>
    public static string HomeOf(Role role) => Permissions.Grants(role, Permission.ViewExperiments) ? "/" : "/account";

    /// <summary>A path on this site: "/x", not "//host/x" or "/\host" (which browsers treat as another host), nor an absolute URL.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
