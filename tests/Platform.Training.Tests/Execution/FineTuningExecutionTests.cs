using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Platform.Training.BaseModels;
using Platform.Training.Checkpoints;
using Platform.Training.Methods.FineTuning;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Execution;

/// <summary>Fine-tuning runs through the platform: queued as commands, executed by the worker, recorded as events.</summary>
public sealed class FineTuningExecutionTests(WorkerDatabase database) : IClassFixture<WorkerDatabase>
{
    private readonly FineTuningScenarios scenarios = new(database);

    [Fact]
    public async Task Given_a_LoRA_run_on_a_classification_dataset_When_executed_Then_task_efficiency_and_forgetting_evaluations_and_the_adapter_are_events()
    {
        var config = await scenarios.ConfigAsync(RunMethods.Lora.Id);
        var events = await scenarios.ExecutedAsync(config);
        var completed = FineTuningScenarios.Completed(events);
        var evaluations = events.OfType<EvaluationRecorded>().ToDictionary(e => (e.Suite, e.Split), e => e.Metrics);
        Assert.True(evaluations[(config.Dataset, SplitSpec.Test)]["accuracy"] >= 0.8, $"test accuracy {evaluations[(config.Dataset, SplitSpec.Test)]["accuracy"]}");
        Assert.InRange(evaluations[(config.Dataset, SplitSpec.Validation)]["f1"], 0, 1);
        var efficiency = evaluations[(FineTuningRun.EfficiencySuite, SplitSpec.Train)];
        Assert.InRange(efficiency[MetricNames.TrainableParameterShare], 1e-4, 0.05);
        Assert.Equal(efficiency[MetricNames.TotalParameters] * efficiency[MetricNames.TrainableParameterShare], efficiency[MetricNames.TrainableParameters], 3);
        Assert.True(efficiency[MetricNames.AdapterBytes] > 0);
        Assert.True(efficiency[MetricNames.PeakRssBytes] > 100_000_000);
        Assert.True(efficiency[MetricNames.WallSeconds] > 0 && efficiency[MetricNames.TokensPerSecond] > 0);
        var forgetting = evaluations[(FineTuningRun.ForgettingSuite, FineTuningRun.ForgettingSplit)];
        Assert.InRange(forgetting[MetricNames.ForgettingPerplexityBefore], 50, 250);
        Assert.True(forgetting[MetricNames.ForgettingPerplexityAfter] > 0);
        Assert.Equal(evaluations[(config.Dataset, SplitSpec.Test)]["accuracy"], completed.FinalMetrics["test/accuracy"]);

        var adapter = Assert.Single(events.OfType<CheckpointSaved>());
        Assert.Equal(config.MaxSteps, adapter.Step);
        var folder = Path.GetDirectoryName(adapter.Path)!;
        var peftConfig = AdapterFiles.ReadConfig(folder);
        // A local path, relative to the adapter, where Hugging Face would look the registered name up on the Hub.
        var baseFolder = Path.Combine(folder, peftConfig["base_model_name_or_path"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(baseFolder, HuggingFaceCheckpoint.ConfigFile)), baseFolder);
        Assert.True(File.Exists(Path.Combine(baseFolder, HuggingFaceCheckpoint.WeightsFile)), baseFolder);
        Assert.StartsWith("base-", AdapterProvenance.Read(folder).BaseModelName); // the registered name stays in the platform's metadata
        using var generator = new Generator(0);
        using var fresh = new SequenceClassifier(HuggingFaceCheckpoint.ReadConfig(FineTuningScenarios.BaseFolder), labels: 2, generator);
        var sha = CheckpointFile.Describe(0, Path.Combine(FineTuningScenarios.BaseFolder, HuggingFaceCheckpoint.WeightsFile)).Sha256;
        var loaded = PeftMethods.Get(RunMethods.Lora.Id).Load(folder, fresh, sha);
        Assert.Equal((config.MethodOptions.Rank, config.MethodOptions.Alpha), (loaded.Rank, loaded.Alpha));
        // Labels are numbered in sorted order; the loaded classifier names its outputs as Hugging Face's config does.
        Assert.Equal(["ham", "spam"], fresh.Labels);
        Assert.Equal("""{"0":"ham","1":"spam"}""", peftConfig["id2label"]!.ToJsonString());
        Assert.Equal("""{"ham":0,"spam":1}""", peftConfig["label2id"]!.ToJsonString());
        Assert.Equal(["c_attn"], loaded.TargetModules);
    }

    [Fact]
    public async Task Given_the_feature_based_baseline_When_executed_Then_a_logistic_regression_on_frozen_features_separates_the_mails()
    {
        var config = await scenarios.ConfigAsync(RunMethods.FeatureBased.Id);
        var events = await scenarios.ExecutedAsync(config);
        FineTuningScenarios.Completed(events);
        var evaluations = events.OfType<EvaluationRecorded>().ToDictionary(e => (e.Suite, e.Split), e => e.Metrics);
        Assert.True(evaluations[(config.Dataset, SplitSpec.Test)]["accuracy"] >= 0.8, $"test accuracy {evaluations[(config.Dataset, SplitSpec.Test)]["accuracy"]}");
        var efficiency = evaluations[(FineTuningRun.EfficiencySuite, SplitSpec.Train)];
        Assert.Equal(2 * 192, efficiency[MetricNames.TrainableParameters]);
        var forgetting = evaluations[(FineTuningRun.ForgettingSuite, FineTuningRun.ForgettingSplit)];
        Assert.Equal(forgetting[MetricNames.ForgettingPerplexityBefore], forgetting[MetricNames.ForgettingPerplexityAfter]);
    }

    [Fact]
    public async Task Given_the_hard_prompt_baseline_When_executed_Then_the_frozen_model_is_evaluated_few_shot_and_nothing_is_saved()
    {
        var config = await scenarios.ConfigAsync(RunMethods.HardPrompt.Id) with { MethodOptions = new MethodOptions { Shots = 2 }, ContextLength = 128 };
        var events = await scenarios.ExecutedAsync(config);
        var completed = FineTuningScenarios.Completed(events);
        Assert.Empty(events.OfType<CheckpointSaved>());
        Assert.InRange(completed.FinalMetrics["test/accuracy"], 0, 1);
        Assert.Equal(16, completed.FinalMetrics["test/examples"]);
        Assert.Equal(0, completed.FinalMetrics[MetricNames.TrainableParameters]);
    }

    [Fact]
    public async Task Given_the_hard_prompt_baseline_on_instruction_data_When_executed_Then_few_shot_exact_match_is_recorded()
    {
        var config = await scenarios.ConfigAsync(RunMethods.HardPrompt.Id, DatasetTaskKind.Instruction) with { MethodOptions = new MethodOptions { Shots = 3 } };
        var completed = FineTuningScenarios.Completed(await scenarios.ExecutedAsync(config));
        Assert.InRange(completed.FinalMetrics["test/exact_match"], 0, 1);
        Assert.Equal(8, completed.FinalMetrics["test/examples"]);
    }

    [Fact]
    public async Task Given_AdaLoRA_on_instruction_data_with_distillation_and_pretraining_mix_When_executed_Then_exact_match_is_recorded()
    {
        var config = await scenarios.ConfigAsync(RunMethods.AdaLora.Id, DatasetTaskKind.Instruction) with
        {
            MethodOptions = new MethodOptions { InitialRank = 6, TargetRank = 2, BudgetWarmupSteps = 5, BudgetFinalSteps = 5, BudgetInterval = 5 },
            Strategies = new TrainingStrategies { DistillationWeight = 0.1, PretrainingMixShare = 0.2, L2SpWeight = 0.01 },
        };
        var events = await scenarios.ExecutedAsync(config);
        var completed = FineTuningScenarios.Completed(events);
        Assert.InRange(completed.FinalMetrics["test/exact_match"], 0, 1);
        Assert.True(completed.FinalMetrics["test/loss"] > 0);
    }

    [Fact]
    public async Task Given_P_tuning_v2_on_tagged_sentences_When_executed_Then_token_accuracy_is_recorded()
    {
        var config = await scenarios.ConfigAsync(RunMethods.PTuningV2.Id, DatasetTaskKind.TokenTagging) with { MaxSteps = 40, LearningRate = 3e-2 };
        var events = await scenarios.ExecutedAsync(config);
        var completed = FineTuningScenarios.Completed(events);
        Assert.True(completed.FinalMetrics["test/accuracy"] >= 0.6, $"token accuracy {completed.FinalMetrics["test/accuracy"]}");
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(["at", "nn", "vbz"], AdapterFiles.ReadLabels(AdapterFiles.ReadConfig(folder)));
    }

    [Fact]
    public async Task Given_P_tuning_with_virtual_tokens_after_each_mail_When_executed_Then_it_classifies_and_the_adapter_keeps_the_template()
    {
        var config = await scenarios.ConfigAsync(RunMethods.PTuning.Id) with
        {
            LearningRate = 3e-2,
            MethodOptions = new MethodOptions { VirtualTokens = 6, VirtualTokensAfterInput = 3, EncoderHiddenSize = 32 },
        };
        var events = await scenarios.ExecutedAsync(config);
        var completed = FineTuningScenarios.Completed(events);
        Assert.InRange(completed.FinalMetrics["test/accuracy"], 0, 1);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(3, AdapterFiles.ReadConfig(folder)["num_virtual_tokens_after_input"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_virtual_tokens_after_the_input_on_tagged_sentences_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await scenarios.ConfigAsync(RunMethods.PTuning.Id, DatasetTaskKind.TokenTagging) with
        {
            MethodOptions = new MethodOptions { VirtualTokens = 4, VirtualTokensAfterInput = 2 },
        };
        var failed = Assert.IsType<RunFailed>((await scenarios.ExecutedAsync(config))[^1]);
        Assert.Contains("Virtual tokens after the input cannot help token tagging", failed.Reason);
    }

    [Fact]
    public async Task Given_P_tuning_v2_with_its_head_on_the_first_token_When_executed_Then_the_run_completes_and_the_adapter_names_the_pooling()
    {
        var config = await scenarios.ConfigAsync(RunMethods.PTuningV2.Id) with
        {
            MaxSteps = 10,
            MethodOptions = new MethodOptions { Pooling = SequencePooling.FirstToken },
        };
        var events = await scenarios.ExecutedAsync(config);
        Assert.InRange(FineTuningScenarios.Completed(events).FinalMetrics["test/accuracy"], 0, 1);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(nameof(SequencePooling.FirstToken), AdapterFiles.ReadConfig(folder)["sequence_pooling"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_Finetuning_I_with_gradual_unfreezing_When_executed_Then_the_adapter_holds_the_unfrozen_top_blocks()
    {
        var config = await scenarios.ConfigAsync(RunMethods.FinetuningHead.Id) with { MaxSteps = 20, Strategies = new TrainingStrategies { UnfreezeEverySteps = 8 } };
        var events = await scenarios.ExecutedAsync(config);
        FineTuningScenarios.Completed(events);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(2, AdapterFiles.ReadConfig(folder)["trainable_blocks"]!.GetValue<int>());
        using var generator = new Generator(0);
        using var fresh = new SequenceClassifier(HuggingFaceCheckpoint.ReadConfig(FineTuningScenarios.BaseFolder), labels: 2, generator);
        var sha = CheckpointFile.Describe(0, Path.Combine(FineTuningScenarios.BaseFolder, HuggingFaceCheckpoint.WeightsFile)).Sha256;
        Assert.Equal(2, PeftMethods.Get(RunMethods.FinetuningHead.Id).Load(folder, fresh, sha).TrainableBlocks);
    }

    [Fact]
    public async Task Given_QLoRA_When_executed_Then_the_base_is_stored_in_about_4_bits_per_weight()
    {
        var config = await scenarios.ConfigAsync(RunMethods.QLora.Id) with { MaxSteps = 10 };
        var completed = FineTuningScenarios.Completed(await scenarios.ExecutedAsync(config));
        Assert.InRange(completed.FinalMetrics[MetricNames.BaseBitsPerParameter], 4.12, 4.2);
    }

    [Fact]
    public async Task Given_gradual_unfreezing_with_an_adapter_method_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await scenarios.ConfigAsync(RunMethods.Lora.Id) with { Strategies = new TrainingStrategies { UnfreezeEverySteps = 5 } };
        var failed = Assert.IsType<RunFailed>((await scenarios.ExecutedAsync(config))[^1]);
        Assert.Contains("Gradual unfreezing", failed.Reason);
    }

    [Fact]
    public async Task Given_a_method_that_does_not_fit_the_base_model_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await scenarios.ConfigAsync(RunMethods.Lora.Id) with { MethodOptions = new MethodOptions { TargetModules = ["q_proj"] } };
        var failed = Assert.IsType<RunFailed>((await scenarios.ExecutedAsync(config))[^1]);
        Assert.Contains("q_proj", failed.Reason);
        Assert.Contains("c_attn", failed.Reason);
    }

    [Fact]
    public async Task Given_a_fine_tuning_method_without_a_base_model_When_queued_Then_it_is_refused()
    {
        var config = await scenarios.ConfigAsync(RunMethods.BitFit.Id) with { BaseModelId = null };

        var result = await database.SendAsync(new StartRun(config, TestUsers.Researcher));

        Assert.False(result.IsSuccess);
        Assert.Contains("base model", result.Errors[0].Message);
    }
}
