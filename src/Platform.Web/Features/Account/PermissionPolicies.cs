using Microsoft.AspNetCore.Authorization;
using Platform.Domain.Users;

namespace Platform.Web.Features.Account;

/// <summary>
/// One authorization policy per domain <see cref="Permission"/>, each requiring a role that
/// <see cref="Permissions"/> grants it: pages, buttons and endpoints ask for a permission, and the one
/// table in the domain decides who has it. The domain checks again on every command.
/// </summary>
public static class PermissionPolicies
{
    public static string For(Permission permission) => $"permission:{permission}";

    public static IReadOnlyList<string> RolesGranting(Permission permission) =>
        Enum.GetValues<Role>().Where(role => Permissions.Grants(role, permission)).Select(role => role.ToString()).ToList();

    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            options.AddPolicy(For(permission), policy => policy.RequireAuthenticatedUser().RequireRole(RolesGranting(permission)));
        }
    }

    /// <summary>Requires <paramref name="permission"/> for every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(For(permission));
}
