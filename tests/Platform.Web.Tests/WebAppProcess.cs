using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Platform.Testing;
using Xunit;

namespace Platform.Web.Tests;

/// <summary>
/// The real web app as a separate process, on a free loopback port and a database of its own,
/// with its training worker polling fast so that tiny runs finish within seconds.
/// </summary>
public sealed class WebAppProcess : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> output = new();
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
    }

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
