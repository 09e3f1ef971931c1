namespace Platform.Domain.Runs;

/// <summary>Values measured at one training step, keyed by metric name (see <see cref="MetricNames"/>).</summary>
public sealed record MetricPoint(long Step, DateTimeOffset At, IReadOnlyDictionary<string, double> Values);

public static class MetricNames
{
    public const string TrainLoss = "train/loss";
    public const string ValidationLoss = "val/loss";
    public const string ValidationPerplexity = "val/perplexity";
    public const string LearningRate = "lr";
    public const string TokensPerSecond = "tokens_per_s";
    public const string StoppedEarlyAtStep = "stopped_early_at_step";

    /// <summary>Trainable parameters ÷ all parameters (1 for full fine-tuning, small for adapters), reported by the method.</summary>
    public const string TrainableParameterShare = "trainable_parameter_share";

    public const string TrainableParameters = "trainable_parameters";

    public const string TotalParameters = "total_parameters";

    /// <summary>Bytes of the saved adapter (weights and config).</summary>
    public const string AdapterBytes = "adapter_bytes";

    /// <summary>The training process's peak resident memory during the run.</summary>
    public const string PeakRssBytes = "peak_rss_bytes";

    public const string WallSeconds = "wall_seconds";

    /// <summary>Bits stored per weight of the base model's linear layers: 32 in float32, about 4.13 in QLoRA's NF4.</summary>
    public const string BaseBitsPerParameter = "base_bits_per_parameter";

    /// <summary>The base model's held-out Brown perplexity before fine-tuning and after, with the adapter applied.</summary>
    public const string ForgettingPerplexityBefore = "forgetting/perplexity_before";

    public const string ForgettingPerplexityAfter = "forgetting/perplexity_after";

    /// <summary>What the run cost in the unit its worker reports (e.g. core-hours), for the leaderboard.</summary>
    public const string Cost = "cost";
}
