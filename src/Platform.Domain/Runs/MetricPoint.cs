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
}
