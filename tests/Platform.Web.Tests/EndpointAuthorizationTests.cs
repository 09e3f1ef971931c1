using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Domain.Users;
using Xunit;

namespace Platform.Web.Tests;

/// <summary>
/// Every endpoint the app maps (it lists them itself, with their rules), called without a token and
/// as each role: only the roles its rule names get past authorization, and an endpoint without a rule
/// fails the test. The requests carry made-up ids and empty bodies, so an allowed call ends in a
/// validation error or a 404, never in work done.
/// </summary>
public sealed partial class EndpointAuthorizationTests(WebAppProcess app) : IClassFixture<WebAppProcess>
{
    [Fact]
    public async Task Given_every_endpoint_When_called_anonymously_and_as_each_role_Then_only_the_roles_its_rule_names_are_let_through()
    {
        using var admin = app.ClientAs(Role.Admin);
        var rules = await admin.GetFromJsonAsync<List<JsonElement>>("/api/endpoints");
        Assert.NotNull(rules);
        Assert.Contains(rules, r => r.GetProperty("route").GetString() == "/api/runs/");

        var callers = new List<(string Name, HttpClient Client, Role? Role)> { ("anonymous", app.Anonymous(), null) };
        callers.AddRange(Enum.GetValues<Role>().Select(role => (role.ToString(), app.ClientAs(role), (Role?)role)));
        var wrong = new List<string>();
        foreach (var rule in rules)
        {
            var (method, route, declared) = (rule.GetProperty("method").GetString()!, rule.GetProperty("route").GetString()!, rule.GetProperty("rule").GetString());
            if (declared is null)
            {
                wrong.Add($"{method} {route} declares no rule");
                continue;
            }

            foreach (var (name, client, role) in callers)
            {
                var response = await client.SendAsync(RequestFor(method, route, "application/json"));
                if (response.StatusCode == HttpStatusCode.UnsupportedMediaType)
                {
                    response = await client.SendAsync(RequestFor(method, route, "multipart/form-data"));
                }

                var expected = Allows(declared, role) ? "let through" : role is null ? "401" : "403";
                var got = Outcome(response);
                if (got != expected)
                {
                    wrong.Add($"{method} {route} ({declared}) as {name}: expected {expected}, got {got}");
                }
            }
        }

        foreach (var (_, client, _) in callers)
        {
            client.Dispose();
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static bool Allows(string rule, Role? role) => rule switch
    {
        "anonymous" => true,
        "signed-in" => role is not null,
        _ when rule.StartsWith("permission:") => role is { } r && Permissions.Grants(r, Enum.Parse<Permission>(rule["permission:".Length..])),
        _ => throw new InvalidOperationException($"Unknown rule {rule}."),
    };

    /// <summary>401 and 403, or what a page answers instead (a redirect to sign-in or to /forbidden); anything else got past authorization.</summary>
    private static string Outcome(HttpResponseMessage response)
    {
        var redirect = response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location?.OriginalString ?? string.Empty : string.Empty;
        return (int)response.StatusCode switch
        {
            401 => "401",
            403 => "403",
            302 when redirect.Contains("/sign-in?ReturnUrl=") => "401",
            302 when redirect.Contains("/forbidden") => "403",
            >= 500 => $"{(int)response.StatusCode} (server error)",
            _ => "let through",
        };
    }

    private static HttpRequestMessage RequestFor(string method, string route, string mediaType)
    {
        var path = RouteParameter().Replace(route, m => m.Groups["constraint"].Value switch
        {
            "guid" => Guid.NewGuid().ToString(),
            "int" or "long" => "1",
            _ => "unknown",
        });
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = mediaType == "application/json"
                ? new StringContent("{}", Encoding.UTF8, mediaType)
                : new MultipartFormDataContent();
        }

        return request;
    }

    [GeneratedRegex("\\{(?<name>[^}:]+)(:(?<constraint>[^}]+))?\\}")]
    private static partial Regex RouteParameter();
}
