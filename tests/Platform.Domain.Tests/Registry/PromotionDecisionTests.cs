using Platform.Domain.Registry;
using Platform.Domain.Registry.PromotingAdapter;
using Xunit;

namespace Platform.Domain.Tests.Registry;

/// <summary>The gate arithmetic alone: no database, the decision is a pure function.</summary>
public sealed class PromotionDecisionTests
{
    [Theory]
    [InlineData(MetricDirection.LowerIsBetter, 100, 112, 12)]
    [InlineData(MetricDirection.LowerIsBetter, 100, 95, -5)]
    [InlineData(MetricDirection.HigherIsBetter, 0.80, 0.76, 5)]
    public void Given_base_and_adapter_values_When_computing_the_regression_Then_worse_in_the_metric_direction_is_positive(MetricDirection direction, double baseline, double adapter, double percent)
    {
        Assert.Equal(percent, PromotionDecision.RegressionPercent(new RetentionEvidence(baseline, adapter, "test"), direction), precision: 9);
    }

    [Fact]
    public void Given_gates_of_every_kind_When_evaluating_Then_one_result_per_gate_in_order()
    {
        var gates = new PromotionGates
        {
            Metrics = [new MetricGate("a/x", 1, MetricDirection.HigherIsBetter)],
            MinimumHumanWinRate = 0.5,
            Retention = [new RetentionGate("b/ppl", 5, MetricDirection.LowerIsBetter)],
        };
        var evidence = new PromotionEvidence(
            Guid.NewGuid(),
            new Dictionary<string, EvidenceValue> { ["a/x"] = new(1, "run") },
            new EvidenceValue(0.4, "study"),
            new Dictionary<string, RetentionEvidence> { ["b/ppl"] = new(10, 10.4, "base vs run") });

        var results = PromotionDecision.Evaluate(gates, evidence);

        Assert.Equal(["metric a/x", "human win-rate", "retention b/ppl"], results.Select(r => r.Gate));
        Assert.Equal([true, false, true], results.Select(r => r.Passed));
    }
}
