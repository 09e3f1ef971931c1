using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Domain.Preferences;
using Platform.Domain.Preferences.GettingAnnotatorProgress;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

/// <summary>
/// The asynchronous annotator-progress projection as the async daemon applies it in hot/cold mode:
/// two hosts of the domain on one schema, as two web or worker processes would be. Its counts only add,
/// so an event applied by both hosts, or twice after a take-over, shows as a wrong number.
/// </summary>
public sealed class AnnotatorProgressDaemonTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_two_hosts_on_one_store_When_the_leader_stops_Then_the_other_takes_over_and_every_event_counts_once()
    {
        var runId = await Comparisons.RunAsync(database);
        var first = await Comparisons.CreateAsync(database, runId, "base", "tuned");
        var second = await Comparisons.CreateAsync(database, runId, "base", "tuned");
        var third = await Comparisons.CreateAsync(database, runId, "base", "tuned");
        using var one = await StartHostAsync();
        using var other = await StartHostAsync();
        try
        {
            await LeaderStopsAsync(one, other, first, second, third);
        }
        finally
        {
            await one.StopAsync();
            await other.StopAsync();
        }
    }

    private async Task LeaderStopsAsync(IHost one, IHost other, ComparisonSummary first, ComparisonSummary second, ComparisonSummary third)
    {
        var leader = await SingleLeaderAsync(one, other);
        await database.SendAsync(Comparisons.Ranking(first, TestUsers.Annotator, ["tuned"], ["base"]));
        await database.SendAsync(Comparisons.Ranking(second, TestUsers.Annotator, ["base"], ["tuned"]));
        await database.SendAsync(Comparisons.Ranking(first, TestUsers.Admin, ["tuned"], ["base"]));
        await database.SendAsync(new SkipComparison(third.Id, "not my field", TestUsers.Admin));
        await database.Store.WaitForNonStaleProjectionDataAsync(Patience.Page);

        Assert.Equal((2, 0, TimeSpan.FromSeconds(60)), await ProgressAsync(TestUsers.Annotator));
        Assert.Equal((1, 1, TimeSpan.FromSeconds(30)), await ProgressAsync(TestUsers.Admin));
        Assert.Equal([leader], Running(one, other));

        var follower = leader == one ? other : one;
        await leader.StopAsync();
        await database.SendAsync(Comparisons.Ranking(third, TestUsers.Annotator, ["tuned"], ["base"]));
        await database.SendAsync(Comparisons.Ranking(second, TestUsers.Admin, ["tuned"], ["base"]));
        Assert.Same(follower, await SingleLeaderAsync(follower));
        await database.Store.WaitForNonStaleProjectionDataAsync(Patience.Page);

        Assert.Equal((3, 0, TimeSpan.FromSeconds(90)), await ProgressAsync(TestUsers.Annotator));
        Assert.Equal((2, 1, TimeSpan.FromSeconds(60)), await ProgressAsync(TestUsers.Admin));
        Assert.Equal((0, 0, TimeSpan.Zero), await ProgressAsync(TestUsers.Viewer));
    }

    private async Task<IHost> StartHostAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPlatformDomain(TestEnvironment.ConnectionString, database.Schema);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until exactly one of <paramref name="hosts"/> runs the daemon, and returns it.</summary>
    private static async Task<IHost> SingleLeaderAsync(params IHost[] hosts)
    {
        using var deadline = new CancellationTokenSource(Patience.Page);
        while (true)
        {
            var running = Running(hosts);
            Assert.True(running.Count <= 1, $"{running.Count} hosts run the daemon at once.");
            if (running.Count == 1)
            {
                return running[0];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static List<IHost> Running(params IHost[] hosts) =>
        hosts.Where(host => host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().IsRunning).ToList();

    private async Task<(int Rankings, int Skips, TimeSpan TimeSpent)> ProgressAsync(string annotator)
    {
        var progress = (await database.SendAsync(new GetAnnotatorProgress(annotator))).Value;
        return (progress.Rankings, progress.Skips, progress.TimeSpent);
    }
}
