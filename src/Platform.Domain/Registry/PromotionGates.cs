namespace Platform.Domain.Registry;

/// <summary>A named evaluation metric ("suite/metric") must reach a threshold, in the metric's direction.</summary>
public sealed record MetricGate(string Metric, double Threshold, MetricDirection Direction);

/// <summary>
/// A retention metric (e.g. held-out Brown perplexity) may get worse than the base model's by at most
/// this many percent; for a lower-is-better metric a regression is an increase.
/// </summary>
public sealed record RetentionGate(string Metric, double MaximumRegressionPercent, MetricDirection Direction);

/// <summary>What an adapter must show before it may hold an alias; an alias without gates accepts any adapter.</summary>
public sealed record PromotionGates
{
    public static PromotionGates None { get; } = new();

    public IReadOnlyList<MetricGate> Metrics { get; init; } = [];

    /// <summary>The share (0–1) of human comparisons the adapter must win; null sets no requirement.</summary>
    public double? MinimumHumanWinRate { get; init; }

    public IReadOnlyList<RetentionGate> Retention { get; init; } = [];
}
