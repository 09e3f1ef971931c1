using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Platform.Web.Tests.Scripts;

/// <summary>Two clones on one machine run ./platform test at once: each clone's embedded PostgreSQL gets a port of its own.</summary>
public sealed class EmbeddedPostgresPortTests
{
    private static async Task<int> PortOfCloneAsync(string clone)
    {
        var outcome = await BashScript.RunAsync($"source infra/postgres/embedded-postgres.sh; EPG_REPO='{clone}'; _epg_port_of_clone");
        Assert.Equal(0, outcome.ExitCode);
        return int.Parse(outcome.Output.Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Given_two_clones_When_deriving_their_ports_Then_each_is_stable_distinct_and_below_the_ephemeral_range()
    {
        var first = await PortOfCloneAsync("/home/ana/platform");
        var second = await PortOfCloneAsync("/tmp/platform-review");

        Assert.Equal(first, await PortOfCloneAsync("/home/ana/platform"));
        Assert.NotEqual(first, second);
        Assert.All(new[] { first, second }, port => Assert.InRange(port, 20_000, 31_999));
    }

    [Fact]
    public async Task Given_another_program_on_the_derived_port_When_choosing_Then_the_next_free_port_is_taken_and_said()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await BashScript.RunAsync(
            $"source infra/postgres/embedded-postgres.sh; unset PLATFORM_PG_PORT; EPG_PORT={port}; _epg_choose_free_port; echo $EPG_PORT");

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(int.Parse(outcome.Output.Trim(), CultureInfo.InvariantCulture) > port);
        Assert.Contains($"port {port} is taken", outcome.Errors);
    }

    [Fact]
    public async Task Given_a_port_the_user_chose_When_choosing_Then_it_is_kept()
    {
        var outcome = await BashScript.RunAsync("source infra/postgres/embedded-postgres.sh; EPG_PORT=25000; _epg_choose_free_port; echo $EPG_PORT",
            new Dictionary<string, string> { ["PLATFORM_PG_PORT"] = "25000" });

        Assert.Equal("25000", outcome.Output.Trim());
    }
}
