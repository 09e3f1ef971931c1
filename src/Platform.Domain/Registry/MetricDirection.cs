namespace Platform.Domain.Registry;

/// <summary>Which way a metric improves: accuracy and win-rate go up, loss and perplexity go down.</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}
