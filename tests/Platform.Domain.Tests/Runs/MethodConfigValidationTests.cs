using Platform.Domain.Runs;
using Xunit;

namespace Platform.Domain.Tests.Runs;

/// <summary>The config rules of fine-tuning methods, checked before anything is queued.</summary>
public sealed class MethodConfigValidationTests
{
    private static readonly RunConfigValidator Validator = new();

    private static RunConfig FineTuning(string method) => RunConfigs.Valid() with
    {
        Method = method,
        Dataset = "mails",
        BaseModelId = Guid.NewGuid(),
        DatasetVersionId = Guid.NewGuid(),
    };

    [Fact]
    public void Given_every_fine_tuning_method_When_validating_a_complete_config_Then_it_is_valid()
    {
        Assert.All(RunMethods.All.Where(m => m.UsesBaseModel), method => Assert.True(Validator.Validate(FineTuning(method.Id)).IsValid, method.Id));
    }

    [Fact]
    public void Given_a_fine_tuning_method_without_base_model_or_dataset_version_When_validating_Then_both_are_named()
    {
        var errors = Validator.Validate(FineTuning(RunMethods.Lora.Id) with { BaseModelId = null, DatasetVersionId = null }).Errors.Select(e => e.PropertyName).ToList();

        Assert.Contains(nameof(RunConfig.BaseModelId), errors);
        Assert.Contains(nameof(RunConfig.DatasetVersionId), errors);
    }

    [Fact]
    public void Given_invalid_method_options_and_strategies_When_validating_Then_each_problem_is_named()
    {
        var config = FineTuning(RunMethods.AdaLora.Id) with
        {
            MethodOptions = new MethodOptions { Rank = 0, Dropout = 1, InitialRank = 4, TargetRank = 8, VirtualTokens = 0, Pooling = (SequencePooling)7 },
            Strategies = new TrainingStrategies { DistillationTemperature = 0, PretrainingMixShare = 1, L2SpWeight = double.NaN },
        };

        var errors = Validator.Validate(config).Errors.Select(e => e.PropertyName).ToList();

        Assert.Contains("MethodOptions.Rank", errors);
        Assert.Contains("MethodOptions.Dropout", errors);
        Assert.Contains("MethodOptions.TargetRank", errors);
        Assert.Contains("MethodOptions.VirtualTokens", errors);
        Assert.Contains("MethodOptions.Pooling", errors);
        Assert.Contains("Strategies.DistillationTemperature", errors);
        Assert.Contains("Strategies.PretrainingMixShare", errors);
        Assert.Contains("Strategies.L2SpWeight", errors);
    }

    [Fact]
    public void Given_more_virtual_tokens_after_the_input_than_the_prompt_has_When_validating_Then_the_template_is_refused()
    {
        var config = FineTuning(RunMethods.PTuning.Id) with { MethodOptions = new MethodOptions { VirtualTokens = 4, VirtualTokensAfterInput = 5 } };

        var error = Assert.Single(Validator.Validate(config).Errors);

        Assert.Equal("MethodOptions.VirtualTokensAfterInput", error.PropertyName);
        Assert.Equal("5 virtual tokens after the input exceed the 4 virtual tokens of the prompt.", error.ErrorMessage);
        Assert.True(Validator.Validate(config with { MethodOptions = new MethodOptions { VirtualTokens = 4, VirtualTokensAfterInput = 4 } }).IsValid);
    }

    [Fact]
    public void Given_target_modules_in_a_new_list_When_comparing_options_Then_equal_values_are_equal()
    {
        Assert.Equal(new MethodOptions { TargetModules = ["c_attn"] }, new MethodOptions { TargetModules = new List<string> { "c_attn" } });
        Assert.NotEqual(new MethodOptions { TargetModules = ["c_attn"] }, new MethodOptions { TargetModules = ["c_proj"] });
        Assert.NotEqual(new MethodOptions { Rank = 4 }, new MethodOptions { Rank = 8 });
        Assert.NotEqual(new MethodOptions { VirtualTokensAfterInput = 2 }, new MethodOptions());
    }
}
