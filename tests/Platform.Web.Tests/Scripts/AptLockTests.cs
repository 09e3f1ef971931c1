using Xunit;

namespace Platform.Web.Tests.Scripts;

/// <summary>
/// ./platform installs Debian packages through infra/apt.sh, which waits while another process holds the
/// apt/dpkg lock. A stand-in apt-get (first on PATH) refuses with apt's own lock message a set number of times.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // ./platform runs on Debian
public sealed class AptLockTests : IDisposable
{
    private const string LockRefusal = "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)";

    private readonly string bin = Directory.CreateTempSubdirectory("platform-apt-").FullName;

    private string Calls => Path.Combine(bin, "calls");

    /// <summary>apt-get that prints <paramref name="refusal"/> and fails its first <paramref name="refusals"/> calls, then succeeds; sudo that just runs the command.</summary>
    private void InstallStandIns(int refusals, string refusal = LockRefusal)
    {
        File.WriteAllText(Path.Combine(bin, "apt-get"), $"""
            #!/usr/bin/env bash
            echo "$*" >> '{Calls}'
            if (( $(wc -l < '{Calls}') <= {refusals} )); then echo '{refusal}' >&2; exit 100; fi
            echo "installed $*"
            """);
        File.WriteAllText(Path.Combine(bin, "sudo"), "#!/usr/bin/env bash\nexec \"$@\"\n");
        foreach (var file in new[] { "apt-get", "sudo" })
        {
            File.SetUnixFileMode(Path.Combine(bin, file), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private Task<BashScript.Outcome> InstallAsync(int limitSeconds) => BashScript.RunAsync(
        "source infra/apt.sh; apt_get_waiting_for_lock install -y -q postgresql",
        new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["PLATFORM_APT_LOCK_POLL_SECONDS"] = "1",
            ["PLATFORM_APT_LOCK_WAIT_SECONDS"] = limitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private int CallCount => File.Exists(Calls) ? File.ReadAllLines(Calls).Length : 0;

    [Fact]
    public async Task Given_the_lock_held_for_two_tries_When_installing_Then_it_waits_with_a_message_each_time_and_installs()
    {
        InstallStandIns(refusals: 2);

        var outcome = await InstallAsync(limitSeconds: 600);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(3, CallCount);
        Assert.Equal(2, outcome.Errors.Split('\n').Count(line => line.StartsWith("platform: another process holds the apt/dpkg lock; waiting", StringComparison.Ordinal)));
        Assert.Contains("installed install -y -q postgresql", outcome.Errors);
    }

    [Fact]
    public async Task Given_the_lock_held_past_the_limit_When_installing_Then_it_fails_saying_so()
    {
        InstallStandIns(refusals: int.MaxValue);

        var outcome = await InstallAsync(limitSeconds: 2);

        Assert.Equal(100, outcome.ExitCode);
        Assert.Equal(3, CallCount);
        Assert.Contains("the apt/dpkg lock was still held after 2 s", outcome.Errors);
    }

    [Fact]
    public async Task Given_a_failure_that_is_not_the_lock_When_installing_Then_it_fails_at_once()
    {
        InstallStandIns(refusals: 1, refusal: "E: Unable to locate package postgresql");

        var outcome = await InstallAsync(limitSeconds: 600);

        Assert.Equal(100, outcome.ExitCode);
        Assert.Equal(1, CallCount);
        Assert.DoesNotContain("waiting", outcome.Errors);
    }

    public void Dispose() => Directory.Delete(bin, recursive: true);
}
