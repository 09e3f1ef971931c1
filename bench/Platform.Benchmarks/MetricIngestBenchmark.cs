using System.Diagnostics;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Platform.Domain;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Users;

namespace Platform.Benchmarks;

/// <summary>
/// Metric points per second through the domain (LogMetrics batches, each a validated, version-checked
/// append of one MetricsLogged event with the inline RunSummary fold, as a worker sends them) against the
/// physical limit on the same database in the same run: a binary COPY of the same points into a plain table.
/// Works in a schema of its own, dropped afterwards.
/// </summary>
public static class MetricIngestBenchmark
{
    public const int PointsPerBatch = 100;
    private const int WarmUpBatches = 5;

    /// <returns>A markdown section for docs/benchmarks.md.</returns>
    public static async Task<string> RunAsync(string? connectionString, int batches)
    {
        var section = new StringBuilder().AppendLine("## Metric ingest").AppendLine();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return section.AppendLine("Not measured: no database (run through `./platform bench`, which starts the embedded PostgreSQL).").ToString();
        }

        var schema = $"bench_ingest_{Guid.NewGuid():N}"[..24];
        var services = new ServiceCollection().AddLogging().AddPlatformDomain(connectionString, schema).BuildServiceProvider();
        try
        {
            await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var scopes = services.GetRequiredService<IServiceScopeFactory>();
            var points = Points(WarmUpBatches + batches);

            var runId = await scopes.SendInScopeAsync(new StartRun(BenchConfig, SystemActor.Name), CancellationToken.None);
            await scopes.SendInScopeAsync(new ClaimRun(runId, "bench"), CancellationToken.None);
            foreach (var batch in points.Take(WarmUpBatches * PointsPerBatch).Chunk(PointsPerBatch))
            {
                await scopes.SendInScopeAsync(new LogMetrics(runId, batch), CancellationToken.None);
            }

            var measured = points.Skip(WarmUpBatches * PointsPerBatch).ToList();
            var clock = Stopwatch.StartNew();
            foreach (var batch in measured.Chunk(PointsPerBatch))
            {
                await scopes.SendInScopeAsync(new LogMetrics(runId, batch), CancellationToken.None);
            }

            var domainRate = measured.Count / clock.Elapsed.TotalSeconds;
            var copyRate = await CopyRateAsync(connectionString, schema, runId, points[..(WarmUpBatches * PointsPerBatch)], measured);
            Console.WriteLine($"metric ingest: domain {domainRate:F0} points/s, COPY {copyRate:F0} points/s");

            section.AppendLine($"{measured.Count:N0} metric points (3 values each: train loss, learning rate, tokens/s) into one run, after {WarmUpBatches} warm-up batches, on the same PostgreSQL in the same run.").AppendLine();
            section.AppendLine("| path | points/s | share of the limit |").AppendLine("|---|---:|---:|");
            section.AppendLine($"| domain: `LogMetrics`, {PointsPerBatch} points per batch, one batch after another (as a worker sends them) | {domainRate:N0} | {domainRate / copyRate:P1} |");
            section.AppendLine($"| physical limit: one binary `COPY` of the same points into a plain table (run, step, time, 3 values) | {copyRate:N0} | 100% |");
            section.AppendLine().AppendLine($"Ratio domain ÷ COPY: **{domainRate / copyRate:P1}**. Each batch costs a round trip to read the run's version, the event insert and the summary upsert in one transaction; larger batches (a longer `Training:MetricsFlushInterval`) move the domain rate towards the limit.");
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

    private static readonly RunConfig BenchConfig = new() { Name = "metric ingest", Method = RunMethods.Pretrain.Id, Dataset = BuiltInDatasets.BrownSample.Id };

    private static List<MetricPoint> Points(int batches)
    {
        var start = DateTimeOffset.UtcNow;
        return Enumerable.Range(1, batches * PointsPerBatch)
            .Select(step => new MetricPoint(step, start.AddMilliseconds(step), new Dictionary<string, double>
            {
                [MetricNames.TrainLoss] = 4.0 / Math.Sqrt(step),
                [MetricNames.LearningRate] = 3e-4,
                [MetricNames.TokensPerSecond] = 1450 + (step % 17),
            }))
            .ToList();
    }

    /// <summary>Copies the warm-up points untimed (JIT, first-use costs), then times copying the measured ones.</summary>
    private static async Task<double> CopyRateAsync(string connectionString, string schema, Guid runId, IReadOnlyList<MetricPoint> warmUp, IReadOnlyList<MetricPoint> points)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            $"CREATE TABLE {schema}.raw_metric_points (run_id uuid, step bigint, at timestamptz, train_loss float8, lr float8, tokens_per_s float8)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await CopyAsync(connection, schema, runId, warmUp);
        var clock = Stopwatch.StartNew();
        await CopyAsync(connection, schema, runId, points);
        return points.Count / clock.Elapsed.TotalSeconds;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string schema, Guid runId, IReadOnlyList<MetricPoint> points)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.raw_metric_points (run_id, step, at, train_loss, lr, tokens_per_s) FROM STDIN (FORMAT BINARY)");
        foreach (var point in points)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(runId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(point.Step, NpgsqlDbType.Bigint);
            await writer.WriteAsync(point.At, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(point.Values[MetricNames.TrainLoss], NpgsqlDbType.Double);
            await writer.WriteAsync(point.Values[MetricNames.LearningRate], NpgsqlDbType.Double);
            await writer.WriteAsync(point.Values[MetricNames.TokensPerSecond], NpgsqlDbType.Double);
        }

        await writer.CompleteAsync();
    }
}
