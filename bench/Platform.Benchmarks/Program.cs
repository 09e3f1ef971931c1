using System.Globalization;
using System.Text;
using Platform.Benchmarks;
using Platform.Domain.Runs;
using Platform.Training.Data;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

// ./platform bench: measures training and generation throughput and memory, and writes docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var database = Environment.GetEnvironmentVariable("ConnectionStrings__Platform");
var metricBatches = int.TryParse(Environment.GetEnvironmentVariable("PLATFORM_BENCH_METRIC_BATCHES"), out var batches) ? batches : 500;
if (args is ["database", ..])
{
    Console.Write(await MetricIngestBenchmark.RunAsync(database, metricBatches) + Environment.NewLine + await LeaderboardQueryBenchmark.RunAsync(database));
    return;
}

var output = args.Length > 0 ? args[0] : Path.Combine("docs", "benchmarks.md");
TrainingShape[] shapes =
[
    new("tiny", Layers: 2, Heads: 4, EmbeddingSize: 128, BatchSize: 16, ContextLength: 128),
    new("small (the built-in base model's shape)", Layers: 4, Heads: 4, EmbeddingSize: 192, BatchSize: 16, ContextLength: 128),
    new("medium", Layers: 6, Heads: 6, EmbeddingSize: 384, BatchSize: 8, ContextLength: 256),
];
const int TrainingSteps = 20;
const int LeakSteps = 500;

// Throughput does not depend on the token values, so a seeded random stream stands in for a corpus.
using var generator = new Generator(7);
var tokens = randint(4096, [1_000_000], generator: generator).data<long>().ToArray();
var data = new TokenSplits(tokens[..900_000], tokens[900_000..]);

var peak = Measurements.MatmulGigaflops(ScalarType.Float32);
var bf16Peak = Measurements.MatmulGigaflops(ScalarType.BFloat16);
Console.WriteLine($"matmul peak: fp32 {peak:F0} GFLOP/s, bf16 {bf16Peak:F0} GFLOP/s");
var report = new StringBuilder();
report.AppendLine("# Benchmarks").AppendLine();
report.AppendLine($"Written by `./platform bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {get_num_threads()} torch threads, libtorch CPU.").AppendLine();
report.AppendLine($"Measured matmul peak (2048×2048, best of 5, same run): **fp32 {peak:F0} GFLOP/s, bf16 {bf16Peak:F0} GFLOP/s** (×{bf16Peak / peak:F2}).").AppendLine();
report.AppendLine("## Training throughput").AppendLine();
report.AppendLine($"Forward + backward + AdamW step, GPT-2 family, vocabulary 4,096, {TrainingSteps} steps after 3 warm-up steps, each shape in fp32 and in bf16 mixed precision (linear layers in bfloat16 from float32 master weights; the `Precision` run option). MFU = 6·N·tokens/s ÷ the matmul peak of the same precision.").AppendLine();
report.AppendLine("| shape | layers × width | batch × context | parameters N | fp32 tokens/s | fp32 MFU | bf16 mixed tokens/s | bf16 MFU | bf16 ÷ fp32 |");
report.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
var speedups = new List<double>();
foreach (var shape in shapes)
{
    var (fp32, parameters) = Measurements.TrainingThroughput(shape, data, TrainingSteps, Precision.Float32);
    var (bf16, _) = Measurements.TrainingThroughput(shape, data, TrainingSteps, Precision.BFloat16Mixed);
    var (fp32Mfu, bf16Mfu) = (6.0 * parameters * fp32 / (peak * 1e9), 6.0 * parameters * bf16 / (bf16Peak * 1e9));
    speedups.Add(bf16 / fp32);
    Console.WriteLine($"{shape.Name}: fp32 {fp32:F0} tokens/s (MFU {fp32Mfu:P1}), bf16 mixed {bf16:F0} tokens/s (MFU {bf16Mfu:P1})");
    report.AppendLine($"| {shape.Name} | {shape.Layers} × {shape.EmbeddingSize} | {shape.BatchSize} × {shape.ContextLength} | {parameters:N0} | {fp32:N0} | {fp32Mfu:P1} | {bf16:N0} | {bf16Mfu:P1} | ×{bf16 / fp32:F2} |");
}

var verdict = speedups.Min() > 1 ? "faster for every shape" : speedups.Max() < 1 ? "slower for every shape" : "faster for some shapes only";
report.AppendLine().AppendLine($"**bf16 mixed precision on this machine: {verdict}**, ×{speedups.Min():F2} to ×{speedups.Max():F2} the fp32 tokens/s (the bare matmul: ×{bf16Peak / peak:F2}). Only the linear layers change precision (softmax, norms, the loss and AdamW stay fp32, and each linear layer adds casts), so a step gains less than the bare matmul.");

report.AppendLine().AppendLine("## Generation throughput").AppendLine();
report.AppendLine("Greedy decoding with the small shape, 4 prompts of 32 tokens, 64 new tokens each (left-padded batch).").AppendLine();
report.AppendLine("| KV cache | new tokens/s |").AppendLine("|---|---:|");
using (var initialisation = new Generator(1))
using (var model = new CausalLanguageModel(shapes[1].Config with { ContextLength = 256 }, initialisation))
{
    foreach (var useCache in new[] { true, false })
    {
        var rate = Measurements.GenerationThroughput(model, useCache, batch: 4, promptLength: 32, newTokens: 64);
        Console.WriteLine($"generation, cache {useCache}: {rate:F0} tokens/s");
        report.AppendLine($"| {(useCache ? "on" : "off")} | {rate:N0} |");
    }
}

report.AppendLine().AppendLine("## Memory across steps").AppendLine();
var timing = new Measurements.StepTiming();
using (var initialisation = new Generator(1))
using (var model = new CausalLanguageModel(shapes[0].Config, initialisation))
{
    var config = new RunConfig
    {
        Name = "leak", Method = "pretrain", Dataset = "bench", MaxSteps = LeakSteps, BatchSize = shapes[0].BatchSize,
        ContextLength = shapes[0].ContextLength, LogEvery = 1, CheckpointEvery = int.MaxValue, EvalEvery = 100,
    };
    new Platform.Training.Engine.LanguageModelTrainer().Train(
        model, data, config, saveCheckpoint: null, timing, CancellationToken.None);
}

var rss = timing.RssAtStep;
Console.WriteLine($"RSS at step 50: {rss[49]:F0} MB, at step {LeakSteps}: {rss[^1]:F0} MB, peak {Measurements.PeakRssMegabytes():F0} MB");
report.AppendLine($"The tiny shape trained for {LeakSteps} steps (evaluation every 100): resident memory **{rss[49]:F0} MB at step 50, {rss[249]:F0} MB at step 250, {rss[^1]:F0} MB at step {LeakSteps}**; the process's peak RSS over the whole benchmark run was {Measurements.PeakRssMegabytes():F0} MB.");
report.AppendLine().Append(await MetricIngestBenchmark.RunAsync(database, metricBatches));
report.AppendLine().Append(await LeaderboardQueryBenchmark.RunAsync(database));
report.AppendLine().AppendLine("Reproduce: `./platform bench` (stop other work first: the machine has two cores).");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, report.ToString());
Console.WriteLine($"wrote {output}");

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
