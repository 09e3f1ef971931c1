using System.Diagnostics;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Domain;
using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Leaderboard;
using Platform.Domain.Leaderboard.GettingLeaderboard;

namespace Platform.Benchmarks;

/// <summary>
/// Latency of leaderboard pages (GetLeaderboard: filter, sort and page in SQL) on a board of 10,000 runs,
/// seeded by a bulk COPY of the rows into a schema of its own, dropped afterwards.
/// </summary>
public static class LeaderboardQueryBenchmark
{
    private const int Runs = 10_000;
    private const int Repeats = 30;

    /// <returns>A markdown section for docs/benchmarks.md.</returns>
    public static async Task<string> RunAsync(string? connectionString)
    {
        var section = new StringBuilder().AppendLine("## Leaderboard queries").AppendLine();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return section.AppendLine("Not measured: no database (run through `./platform bench`).").ToString();
        }

        var schema = $"bench_board_{Guid.NewGuid():N}"[..24];
        var services = new ServiceCollection().AddLogging().AddPlatformDomain(connectionString, schema).BuildServiceProvider();
        try
        {
            var store = services.GetRequiredService<IDocumentStore>();
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await store.BulkInsertAsync(Rows());
            var scopes = services.GetRequiredService<IServiceScopeFactory>();
            (string Name, GetLeaderboard Query)[] queries =
            [
                ("best first, page 1", new GetLeaderboard("bench", "suite", "accuracy")),
                ("best first, page 100", new GetLeaderboard("bench", "suite", "accuracy", Skip: 4_950)),
                ("method = lora, share ≤ 5%, fastest first", new GetLeaderboard(
                    "bench", "suite", "accuracy", new LeaderboardFilter { Method = "lora", MaxTrainableParameterShare = 0.05 }, LeaderboardSort.WallTime)),
                ("cheapest first", new GetLeaderboard("bench", "suite", "accuracy", Sort: LeaderboardSort.Cost)),
            ];

            section.AppendLine($"{Runs:N0} runs on one board, 50 rows a page, median of {Repeats} after 3 warm-up queries (each query in its own scope and session, as the web host sends it).").AppendLine();
            section.AppendLine("| query | median ms | p95 ms |").AppendLine("|---|---:|---:|");
            foreach (var (name, query) in queries)
            {
                var timings = new List<double>();
                for (var i = 0; i < Repeats + 3; i++)
                {
                    var clock = Stopwatch.StartNew();
                    _ = await scopes.SendInScopeAsync(query, CancellationToken.None);
                    if (i >= 3)
                    {
                        timings.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }

                timings.Sort();
                Console.WriteLine($"leaderboard {name}: median {timings[Repeats / 2]:F1} ms");
                section.AppendLine($"| {name} | {timings[Repeats / 2]:F1} | {timings[(int)(Repeats * 0.95)]:F1} |");
            }

            return section.ToString();
        }
        finally
        {
            await services.DisposeAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static List<LeaderboardEntry> Rows()
    {
        var random = new Random(3);
        return Enumerable.Range(0, Runs).Select(i =>
        {
            var runId = Guid.CreateVersion7();
            return new LeaderboardEntry
            {
                Id = LeaderboardEntry.IdFor(runId, "suite", "test", "accuracy"),
                RunId = runId,
                RunName = $"run {i}",
                Task = "bench",
                Suite = "suite",
                Split = "test",
                Metric = "accuracy",
                Value = random.NextDouble(),
                Direction = OptimisationDirection.Maximise,
                Method = i % 3 == 0 ? "lora" : "pretrain",
                TrainableParameterShare = i % 3 == 0 ? 0.01 : 1.0,
                WallTimeSeconds = random.NextDouble() * 10_000,
                Cost = random.NextDouble() * 100,
                EvaluatedAt = DateTimeOffset.UtcNow,
                QueuedAt = DateTimeOffset.UtcNow,
            };
        }).ToList();
    }
}
