using Platform.Domain.BaseModels.RegisteringBaseModel;
using Platform.Domain.Common;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ConfiguringPromotionGates;
using Platform.Domain.Registry.GettingAlias;
using Platform.Domain.Registry.GettingPromotionEvidence;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RecordingAdapterEvidence;
using Platform.Domain.Users;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

public sealed class PromotionGateTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<AliasKey> AliasWithGatesAsync(PromotionGates gates, string baseModel = RegistryScenario.BaseModel)
    {
        var alias = RegistryScenario.FreshAlias(baseModel: baseModel);
        Assert.True((await database.SendAsync(new ConfigurePromotionGates(alias, gates, TestUsers.Researcher))).IsSuccess);
        return alias;
    }

    private Task<Result<Guid>> PromoteAsync(AliasKey alias, Guid adapterId) =>
        database.SendAsync(new PromoteAdapter(alias, adapterId, "beats the baseline", TestUsers.Researcher));

    private async Task<AdapterPromoted?> LastPromotionAsync(AliasKey alias) =>
        (await database.StreamAsync(alias.ToStreamId())).Select(e => e.Data).OfType<AdapterPromoted>().LastOrDefault();

    [Theory]
    [InlineData(MetricDirection.HigherIsBetter, 0.80, 0.85, true)]
    [InlineData(MetricDirection.HigherIsBetter, 0.90, 0.85, false)]
    [InlineData(MetricDirection.LowerIsBetter, 2.0, 1.5, true)]
    [InlineData(MetricDirection.LowerIsBetter, 1.0, 1.5, false)]
    public async Task Given_a_metric_gate_When_promoting_Then_the_run_metric_decides_in_the_gate_direction(MetricDirection direction, double threshold, double actual, bool passes)
    {
        var alias = await AliasWithGatesAsync(new PromotionGates { Metrics = [new MetricGate("eval/score", threshold, direction)] });
        var adapterId = await database.AdapterAsync(alias, new Dictionary<string, double> { ["eval/score"] = actual });

        var result = await PromoteAsync(alias, adapterId);

        Assert.Equal(passes, result.IsSuccess);
        var promoted = await LastPromotionAsync(alias);
        if (passes)
        {
            var gate = Assert.Single(promoted!.GateResults);
            Assert.Equal(("metric eval/score", threshold, actual, true), (gate.Gate, gate.Required, gate.Actual!.Value, gate.Passed));
            Assert.Contains("final metrics", gate.Source);
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal((ErrorKind.Validation, "Gates"), (error.Kind, error.Field));
            Assert.Contains("eval/score", error.Message);
            Assert.Null(promoted);
        }
    }

    [Fact]
    public async Task Given_a_metric_gate_and_no_such_metric_When_promoting_Then_the_gate_fails_for_lack_of_evidence()
    {
        var alias = await AliasWithGatesAsync(new PromotionGates { Metrics = [new MetricGate("eval/accuracy", 0.5, MetricDirection.HigherIsBetter)] });
        var adapterId = await database.AdapterAsync(alias);

        var result = await PromoteAsync(alias, adapterId);

        Assert.Contains("no evidence", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Given_a_human_win_rate_gate_When_evidence_is_missing_low_then_high_Then_only_the_high_win_rate_promotes()
    {
        var alias = await AliasWithGatesAsync(new PromotionGates { MinimumHumanWinRate = 0.55 });
        var adapterId = await database.AdapterAsync(alias);

        var missing = await PromoteAsync(alias, adapterId);
        await database.SendAsync(new RecordAdapterEvidence(adapterId, "pilot study", new Dictionary<string, double>(), 0.50, TestUsers.Researcher));
        var low = await PromoteAsync(alias, adapterId);
        await database.SendAsync(new RecordAdapterEvidence(adapterId, "blind study, 400 pairs", new Dictionary<string, double>(), 0.61, TestUsers.Researcher));
        var high = await PromoteAsync(alias, adapterId);

        Assert.Contains("no evidence", Assert.Single(missing.Errors).Message);
        Assert.Contains("0.5", Assert.Single(low.Errors).Message);
        Assert.True(high.IsSuccess);
        var gate = Assert.Single((await LastPromotionAsync(alias))!.GateResults);
        Assert.Equal(("human win-rate", GateComparison.AtLeast, 0.55, 0.61), (gate.Gate, gate.Comparison, gate.Required, gate.Actual!.Value));
        Assert.StartsWith("blind study, 400 pairs (recorded by alice", gate.Source);
    }

    [Theory]
    [InlineData(110.0, 10.0, true)]
    [InlineData(111.0, 10.0, false)]
    [InlineData(90.0, 0.0, true)]
    public async Task Given_a_retention_gate_When_the_held_out_perplexity_rises_Then_the_increase_over_the_base_model_decides(double adapterPerplexity, double maximumIncreasePercent, bool passes)
    {
        var baseModel = $"model-{Guid.NewGuid():N}"[..14];
        await database.SendAsync(new RegisterBaseModel(
            baseModel, "Gpt2", 1000, 256, 64, "bpe", "/models/m", RegistryScenario.Sha256Of(baseModel), "# card",
            new Dictionary<string, double> { ["heldout/perplexity"] = 100.0 }, SystemActor.Name));
        var alias = await AliasWithGatesAsync(
            new PromotionGates { Retention = [new RetentionGate("heldout/perplexity", maximumIncreasePercent, MetricDirection.LowerIsBetter)] },
            baseModel);
        var adapterId = await database.AdapterAsync(alias, new Dictionary<string, double> { ["heldout/perplexity"] = adapterPerplexity });

        var evidence = (await database.SendAsync(new GetPromotionEvidence(adapterId))).Value;
        var result = await PromoteAsync(alias, adapterId);

        Assert.Equal(new RetentionEvidence(100.0, adapterPerplexity, evidence.Retention["heldout/perplexity"].Source), evidence.Retention["heldout/perplexity"]);
        Assert.Equal(passes, result.IsSuccess);
        if (passes)
        {
            var gate = Assert.Single((await LastPromotionAsync(alias))!.GateResults);
            Assert.Equal(adapterPerplexity - 100.0, gate.Actual!.Value, precision: 9);
        }
        else
        {
            Assert.Contains("retention heldout/perplexity", Assert.Single(result.Errors).Message);
        }
    }

    [Fact]
    public async Task Given_a_retention_gate_and_a_base_model_without_that_metric_When_promoting_Then_the_gate_fails()
    {
        var alias = await AliasWithGatesAsync(new PromotionGates { Retention = [new RetentionGate("heldout/perplexity", 50, MetricDirection.LowerIsBetter)] }, $"model-{Guid.NewGuid():N}"[..14]);
        var adapterId = await database.AdapterAsync(alias, new Dictionary<string, double> { ["heldout/perplexity"] = 1.0 });

        var result = await PromoteAsync(alias, adapterId);

        Assert.Contains("no evidence", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Given_several_failing_gates_When_promoting_Then_each_failed_gate_is_listed_and_nothing_is_appended()
    {
        var alias = await AliasWithGatesAsync(new PromotionGates
        {
            Metrics = [new MetricGate("val/loss", 1.0, MetricDirection.LowerIsBetter), new MetricGate("val/loss-twin", 1.0, MetricDirection.LowerIsBetter)],
            MinimumHumanWinRate = 0.5,
        });
        var adapterId = await database.AdapterAsync(alias, new Dictionary<string, double> { ["val/loss"] = 2.0 });
        var before = await database.CountAllEventsAsync();

        var result = await PromoteAsync(alias, adapterId);

        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
        Assert.Equal(before, await database.CountAllEventsAsync());
        Assert.Null((await database.SendAsync(new GetAlias(alias))).Value.CurrentAdapterId);
    }

    [Fact]
    public async Task Given_recorded_evidence_When_it_names_a_run_metric_Then_the_later_record_overrides_the_run()
    {
        var alias = await AliasWithGatesAsync(new PromotionGates { Metrics = [new MetricGate("val/loss", 1.0, MetricDirection.LowerIsBetter)] });
        var adapterId = await database.AdapterAsync(alias, new Dictionary<string, double> { ["val/loss"] = 2.0 });

        await database.SendAsync(new RecordAdapterEvidence(adapterId, "re-evaluated on the full validation split", new Dictionary<string, double> { ["val/loss"] = 0.9 }, null, TestUsers.Admin));
        var result = await PromoteAsync(alias, adapterId);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Given_invalid_gates_When_configuring_them_Then_validation_errors_and_no_event()
    {
        var alias = RegistryScenario.FreshAlias();
        var before = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new ConfigurePromotionGates(alias, new PromotionGates
        {
            Metrics = [new MetricGate("", double.NaN, MetricDirection.HigherIsBetter)],
            MinimumHumanWinRate = 1.5,
            Retention = [new RetentionGate("heldout/perplexity", -1, MetricDirection.LowerIsBetter)],
        }, TestUsers.Researcher));

        Assert.True(result.Errors.Count >= 4);
        Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
        Assert.Equal(before, await database.CountAllEventsAsync());
    }
}
