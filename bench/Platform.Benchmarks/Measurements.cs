using System.Diagnostics;
using Platform.Domain.Runs;
using Platform.Training.Data;
using Platform.Training.Engine;
using Platform.Training.Generation;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Benchmarks;

/// <summary>A model size and batch shape to measure training throughput on.</summary>
public sealed record TrainingShape(string Name, int Layers, int Heads, int EmbeddingSize, int BatchSize, int ContextLength, int VocabularySize = 4096)
{
    public DecoderConfig Config => new()
    {
        VocabularySize = VocabularySize,
        ContextLength = ContextLength,
        Layers = Layers,
        Heads = Heads,
        EmbeddingSize = EmbeddingSize,
    };
}

public static class Measurements
{
    /// <summary>
    /// Best of five: seconds per 2048×2048 matmul turned into GFLOP/s, the peak MFU is relative to.
    /// In bfloat16 it shows what AMX can give the mixed-precision linear layers.
    /// </summary>
    public static double MatmulGigaflops(ScalarType dtype, int size = 2048)
    {
        using var a = randn(size, size, dtype: dtype);
        using var b = randn(size, size, dtype: dtype);
        var best = double.MaxValue;
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var _ = a.matmul(b))
            {
            }

            if (i > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
        }

        return 2.0 * size * size * size / best / 1e9;
    }

    /// <summary>Training tokens/s (forward, backward, AdamW step) after warm-up steps, and the parameter count.</summary>
    public static (double TokensPerSecond, long Parameters) TrainingThroughput(TrainingShape shape, TokenSplits data, int steps, Precision precision)
    {
        using var generator = new Generator(1);
        using var model = new CausalLanguageModel(shape.Config, generator);
        var config = new RunConfig
        {
            Name = shape.Name, Method = "pretrain", Dataset = "bench", MaxSteps = steps + 3, WarmupSteps = 0,
            BatchSize = shape.BatchSize, ContextLength = shape.ContextLength, LogEvery = 1, CheckpointEvery = int.MaxValue,
            Precision = precision,
        };
        var timing = new StepTiming();
        new LanguageModelTrainer().Train(model, data, config, saveCheckpoint: null, timing, CancellationToken.None);
        return (timing.TokensPerSecondAfter(3, shape.BatchSize * shape.ContextLength), model.parameters().Sum(p => p.numel()));
    }

    /// <summary>New tokens per second for a batch of prompts, with or without the KV cache.</summary>
    public static double GenerationThroughput(CausalLanguageModel model, bool useCache, int batch, int promptLength, int newTokens)
    {
        var prompts = Enumerable.Range(0, batch).Select(b => Enumerable.Range(0, promptLength).Select(i => (long)((b * 31 + i * 7) % 1000)).ToArray()).ToList();
        var options = new GenerationOptions { MaxNewTokens = newTokens, Temperature = 0, UseKvCache = useCache };
        TextGenerator.Generate(model, prompts, options with { MaxNewTokens = 4 });
        var clock = Stopwatch.StartNew();
        var produced = TextGenerator.Generate(model, prompts, options).Sum(t => t.Length);
        return produced / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Peak resident set size so far (VmHWM), in MB.</summary>
    public static double PeakRssMegabytes() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    /// <summary>Current resident set size (VmRSS), in MB.</summary>
    public static double RssMegabytes() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    /// <summary>Times each optimiser step from the metric points (logged every step).</summary>
    public sealed class StepTiming : ITrainingObserver
    {
        private readonly List<DateTimeOffset> stamps = [];

        public List<double> RssAtStep { get; } = [];

        public void OnMetrics(MetricPoint point)
        {
            stamps.Add(point.At);
            RssAtStep.Add(RssMegabytes());
        }

        public void OnCheckpoint(Platform.Training.Checkpoints.CheckpointFile checkpoint)
        {
        }

        public double TokensPerSecondAfter(int warmup, int tokensPerStep) =>
            (stamps.Count - 1 - warmup) * (double)tokensPerStep / (stamps[^1] - stamps[warmup]).TotalSeconds;
    }
}
