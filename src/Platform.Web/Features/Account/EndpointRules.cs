using Microsoft.AspNetCore.Authorization;
using Platform.Domain.Users;

namespace Platform.Web.Features.Account;

/// <summary>An HTTP endpoint and who may call it: "anonymous", "signed-in", "permission:X", or null where it states no rule.</summary>
public sealed record EndpointRule(string Method, string Route, string? Rule);

/// <summary>
/// Every endpoint outside the pages with the rule it declares, for admins (GET /api/endpoints) and
/// for the test that calls each as every role: an endpoint that states no rule of its own fails it.
/// </summary>
public static class EndpointRules
{
    public static IEndpointRouteBuilder MapEndpointRules(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/endpoints", (EndpointDataSource endpoints) => Results.Ok(Of(endpoints)))
            .WithTags("Account")
            .RequirePermission(Permission.ManageUsers);
        return app;
    }

    public static IReadOnlyList<EndpointRule> Of(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && (route.StartsWith("/api/") || route is "/health" or "/sign-out"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new EndpointRule(method, e.RoutePattern.RawText!, RuleOf(e))))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    private static string? RuleOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return "anonymous";
        }

        // Policies of nested groups add up (all must pass); the last, innermost, is the most specific.
        var data = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        return data.LastOrDefault(d => d.Policy is not null)?.Policy ?? (data.Count > 0 ? "signed-in" : null);
    }
}
