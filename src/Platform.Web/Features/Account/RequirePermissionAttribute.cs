using Microsoft.AspNetCore.Authorization;
using Platform.Domain.Users;

namespace Platform.Web.Features.Account;

/// <summary>A page needs <paramref name="permission"/>: <c>@attribute [RequirePermission(Permission.ViewExperiments)]</c>.</summary>
public sealed class RequirePermissionAttribute(Permission permission) : AuthorizeAttribute(PermissionPolicies.For(permission));
