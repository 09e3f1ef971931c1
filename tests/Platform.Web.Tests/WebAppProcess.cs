using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Platform.Domain.Users;
using Platform.Testing;
using Xunit;

namespace Platform.Web.Tests;

/// <summary>
/// The real web app as a separate process, on a free loopback port and a database of its own,
/// with its training worker polling fast so that tiny runs finish within seconds. It is set up as a
/// new installation would be: the admin signs in with the one-time password from the log, registers
/// one user per role, and each of them signs in and creates a personal access token.
/// </summary>
public sealed partial class WebAppProcess : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> output = new();
    private readonly Dictionary<Role, (string Name, string Password, string Token)> users = [];
    private readonly TaskCompletionSource<(string Name, string Password)> adminPassword = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string database = $"web_{Guid.NewGuid():N}"[..16];
    private readonly string artifacts = Directory.CreateTempSubdirectory("platform-web-").FullName;
    private Process? process;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Everything the app wrote to stdout and stderr that is still kept (its last 500 lines).</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>The app's last lines of output, for failure messages.</summary>
    public string OutputTail => string.Join(Environment.NewLine, output.TakeLast(100));

    public async Task InitializeAsync()
    {
        await ExecuteAsync($"CREATE DATABASE {database}");
        var repository = TestEnvironment.RepositoryRoot;
        // This assembly runs from tests/…/bin/<Configuration>/net10.0/; the app was built in the same configuration.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var webProject = Path.Combine(repository, "src", "Platform.Web");
        var app = Path.Combine(webProject, "bin", configuration, "net10.0", "Platform.Web.dll");
        BaseUrl = $"http://127.0.0.1:{FreePort()}";

        var start = new ProcessStartInfo("dotnet", [app, "--urls", BaseUrl])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Platform"] = new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionString) { Database = database }.ConnectionString;
        start.Environment["Training__ArtifactsPath"] = artifacts;
        start.Environment["Training__ModelsPath"] = Path.Combine(repository, "models");
        start.Environment["Training__PollInterval"] = "00:00:00.200";
        start.Environment["Training__MetricsFlushInterval"] = "00:00:00.200";
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {app}.");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilHealthyAsync(Patience.Page);
        await SetUpUsersAsync();
    }

    /// <summary>The user of <paramref name="role"/>: name, (one-time) password for the sign-in page, and token.</summary>
    public (string Name, string Password, string Token) User(Role role) => users[role];

    /// <summary>A client that sends <paramref name="role"/>'s personal access token.</summary>
    public HttpClient ClientAs(Role role)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", users[role].Token);
        return client;
    }

    /// <summary>A client without credentials; it does not follow redirects, so a page's redirect to sign-in shows as such.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Signs in through the sign-in page's form (with its antiforgery token), as a browser does; the client then carries the cookie.</summary>
    public async Task<HttpClient> SignedInAsync(string name, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
        var page = await client.GetStringAsync("/sign-in");
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        var signedIn = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
            ["Input.Name"] = name,
            ["Input.Password"] = password,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{name} could not sign in ({signedIn.StatusCode}):{Environment.NewLine}{OutputTail}");
        }

        return client;
    }

    private async Task SetUpUsersAsync()
    {
        var (admin, oneTime) = await AdminPasswordFromLogAsync(Patience.Page);
        users[Role.Admin] = (admin, oneTime, await NewTokenAsync(admin, oneTime));
        using var asAdmin = ClientAs(Role.Admin);
        foreach (var (role, name) in new[] { (Role.Researcher, TestUsers.Researcher), (Role.Annotator, TestUsers.Annotator), (Role.Viewer, TestUsers.Viewer) })
        {
            var registered = await asAdmin.PostAsJsonAsync("/api/users", new { name, role = role.ToString() });
            var password = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
            users[role] = (name, password, await NewTokenAsync(name, password));
        }
    }

    private async Task<string> NewTokenAsync(string name, string password)
    {
        using var client = await SignedInAsync(name, password);
        var created = await client.PostAsJsonAsync("/api/account/tokens", new { name = "tests", expiresInDays = 1 });
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<(string Name, string Password)> AdminPasswordFromLogAsync(TimeSpan timeout)
    {
        try
        {
            return await adminPassword.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The web app logged no admin one-time password:{Environment.NewLine}{OutputTail}");
        }
    }

    [GeneratedRegex("the account '([^']+)' has the one-time password (\\S+) ")]
    private static partial Regex AdminPasswordLine();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            // Kill throws nothing when the process has already exited, so no HasExited race here.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        Directory.Delete(artifacts, recursive: true);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (AdminPasswordLine().Match(line) is { Success: true } found)
        {
            adminPassword.TrySetResult((found.Groups[1].Value, found.Groups[2].Value));
        }

        while (output.Count > 500 && output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process!.HasExited)
            {
                await process.WaitForExitAsync(); // drains the redirected output
                throw new InvalidOperationException($"The web app ({string.Join(' ', process.StartInfo.ArgumentList)}) exited with code {process.ExitCode}:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the request timeout.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The web app was not healthy within {timeout}:{Environment.NewLine}{OutputTail}");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
