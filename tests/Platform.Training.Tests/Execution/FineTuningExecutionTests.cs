using System.Text.Json.Nodes;
using Platform.Domain.BaseModels.RegisteringBaseModel;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Platform.Training.BaseModels;
using Platform.Training.Checkpoints;
using Platform.Training.Methods.FineTuning;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Execution;

/// <summary>Fine-tuning runs through the platform: queued as commands, executed by the worker, recorded as events.</summary>
public sealed class FineTuningExecutionTests(WorkerDatabase database) : IClassFixture<WorkerDatabase>
{
    private static readonly string BaseFolder = Path.Combine(TestEnvironment.RepositoryRoot, "models", new BaseModelRecipe().Name);

    /// <summary>Separable mails: spam offers money, ham plans work; each text varies by its number.</summary>
    private static IEnumerable<JsonObject> Mails() => Enumerable.Range(0, 80).Select(i => new JsonObject
    {
        ["id"] = $"mail-{i}",
        ["text"] = i % 2 == 0
            ? $"Win {i * 100} dollars now! Click this offer, free money and cheap prizes for you."
            : $"The meeting on chapter {i} moves to Tuesday; please read the report before we discuss it.",
        ["label"] = i % 2 == 0 ? "spam" : "ham",
    });

    /// <summary>Words spelled out letter by letter: a tiny generative task with exact answers.</summary>
    private static IEnumerable<JsonObject> Spellings() => new[] { "cat", "dog", "sun", "map", "pen", "cup", "hat", "box", "jam", "fox" }
        .SelectMany((word, i) => Enumerable.Range(0, 4).Select(copy => new JsonObject
        {
            ["id"] = $"{word}-{copy}",
            ["instruction"] = $"Spell {word}",
            ["input"] = string.Empty,
            ["output"] = string.Join(' ', word.ToUpperInvariant().ToCharArray()),
        }));

    /// <summary>Sentences whose words are tagged by a fixed rule (determiner, noun, verb).</summary>
    private static IEnumerable<JsonObject> TaggedSentences() => Enumerable.Range(0, 40).Select(i => new JsonObject
    {
        ["id"] = $"s-{i}",
        ["tokens"] = new JsonArray("the", i % 2 == 0 ? "dog" : "cat", i % 3 == 0 ? "runs" : "sleeps"),
        ["tags"] = new JsonArray("at", "nn", "vbz"),
    });

    private async Task<RunConfig> FineTuningConfigAsync(string method, DatasetTaskKind kind = DatasetTaskKind.Classification)
    {
        var baseModelId = (await database.SendAsync(Platform.Training.BaseModels.BaseModelFolder.Describe(BaseFolder, TestUsers.Admin) with { Name = $"base-{Guid.NewGuid():N}" })).Value;
        var datasetName = $"{kind}-{Guid.NewGuid():N}";
        var records = kind switch
        {
            DatasetTaskKind.Instruction => Spellings,
            DatasetTaskKind.TokenTagging => TaggedSentences,
            _ => (Func<IEnumerable<JsonObject>>)Mails,
        };
        var datasetId = (await database.SendAsync(new RegisterDataset(datasetName, kind, "synthetic records", TestUsers.Researcher))).Value;
        var versionId = (await database.SendAsync(new AddDatasetVersion(datasetId, new ImportedRecords("test", records), new SplitSpec(0.2, 0.2, Seed: 5), TestUsers.Researcher))).Value;
        return new RunConfig
        {
            Name = $"{method} on mails",
            Method = method,
            Dataset = datasetName,
            DatasetVersionId = versionId,
            BaseModelId = baseModelId,
            Seed = 3,
            MaxSteps = 30,
            LearningRate = 1e-2,
            WarmupSteps = 3,
            BatchSize = 8,
            ContextLength = 32,
            LogEvery = 10,
        };
    }

    /// <summary>The run's completion, or a failure that shows why the run failed.</summary>
    private static RunCompleted Completed(IReadOnlyList<object> events) =>
        events[^1] as RunCompleted ?? throw new Xunit.Sdk.XunitException($"The run did not complete: {(events[^1] as RunFailed)?.Reason ?? events[^1].GetType().Name}");

    /// <summary>Queues the run, claims it as a worker would, executes it and returns its events.</summary>
    private async Task<IReadOnlyList<object>> ExecutedAsync(RunConfig config)
    {
        var runId = (await database.SendAsync(new StartRun(config, TestUsers.Researcher))).Value;
        var run = (await database.SendAsync(new ClaimRun(runId, "test-worker"))).Value;
        await database.Executor.ExecuteAsync(run, CancellationToken.None);
        return (await database.StreamAsync(run.Id)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task Given_a_LoRA_run_on_a_classification_dataset_When_executed_Then_task_efficiency_and_forgetting_evaluations_and_the_adapter_are_events()
    {
        var config = await FineTuningConfigAsync(RunMethods.Lora.Id);
        var events = await ExecutedAsync(config);
        var completed = Completed(events);
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
        Assert.True(File.Exists(Path.Combine(folder, AdapterFiles.ConfigFile)));
        using var generator = new Generator(0);
        using var fresh = new SequenceClassifier(HuggingFaceCheckpoint.ReadConfig(BaseFolder), labels: 2, generator);
        var sha = CheckpointFile.Describe(0, Path.Combine(BaseFolder, HuggingFaceCheckpoint.WeightsFile)).Sha256;
        var loaded = PeftMethods.Get(RunMethods.Lora.Id).Load(folder, fresh, sha);
        Assert.Equal((config.MethodOptions.Rank, config.MethodOptions.Alpha), (loaded.Rank, loaded.Alpha));
        Assert.Equal(["c_attn"], loaded.TargetModules);
    }

    [Fact]
    public async Task Given_the_feature_based_baseline_When_executed_Then_a_logistic_regression_on_frozen_features_separates_the_mails()
    {
        var config = await FineTuningConfigAsync(RunMethods.FeatureBased.Id);
        var events = await ExecutedAsync(config);
        Completed(events);
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
        var config = await FineTuningConfigAsync(RunMethods.HardPrompt.Id) with { MethodOptions = new MethodOptions { Shots = 2 }, ContextLength = 128 };
        var events = await ExecutedAsync(config);
        var completed = Completed(events);
        Assert.Empty(events.OfType<CheckpointSaved>());
        Assert.InRange(completed.FinalMetrics["test/accuracy"], 0, 1);
        Assert.Equal(16, completed.FinalMetrics["test/examples"]);
        Assert.Equal(0, completed.FinalMetrics[MetricNames.TrainableParameters]);
    }

    [Fact]
    public async Task Given_the_hard_prompt_baseline_on_instruction_data_When_executed_Then_few_shot_exact_match_is_recorded()
    {
        var config = await FineTuningConfigAsync(RunMethods.HardPrompt.Id, DatasetTaskKind.Instruction) with { MethodOptions = new MethodOptions { Shots = 3 } };
        var completed = Completed(await ExecutedAsync(config));
        Assert.InRange(completed.FinalMetrics["test/exact_match"], 0, 1);
        Assert.Equal(8, completed.FinalMetrics["test/examples"]);
    }

    [Fact]
    public async Task Given_AdaLoRA_on_instruction_data_with_distillation_and_pretraining_mix_When_executed_Then_exact_match_is_recorded()
    {
        var config = await FineTuningConfigAsync(RunMethods.AdaLora.Id, DatasetTaskKind.Instruction) with
        {
            MethodOptions = new MethodOptions { InitialRank = 6, TargetRank = 2, BudgetWarmupSteps = 5, BudgetFinalSteps = 5, BudgetInterval = 5 },
            Strategies = new TrainingStrategies { DistillationWeight = 0.1, PretrainingMixShare = 0.2, L2SpWeight = 0.01 },
        };
        var events = await ExecutedAsync(config);
        var completed = Completed(events);
        Assert.InRange(completed.FinalMetrics["test/exact_match"], 0, 1);
        Assert.True(completed.FinalMetrics["test/loss"] > 0);
    }

    [Fact]
    public async Task Given_P_tuning_v2_on_tagged_sentences_When_executed_Then_token_accuracy_is_recorded()
    {
        var config = await FineTuningConfigAsync(RunMethods.PTuningV2.Id, DatasetTaskKind.TokenTagging) with { MaxSteps = 40, LearningRate = 3e-2 };
        var completed = Completed(await ExecutedAsync(config));
        Assert.True(completed.FinalMetrics["test/accuracy"] >= 0.6, $"token accuracy {completed.FinalMetrics["test/accuracy"]}");
    }

    [Fact]
    public async Task Given_P_tuning_with_virtual_tokens_after_each_mail_When_executed_Then_it_classifies_and_the_adapter_keeps_the_template()
    {
        var config = await FineTuningConfigAsync(RunMethods.PTuning.Id) with
        {
            LearningRate = 3e-2,
            MethodOptions = new MethodOptions { VirtualTokens = 6, VirtualTokensAfterInput = 3, EncoderHiddenSize = 32 },
        };
        var events = await ExecutedAsync(config);
        var completed = Completed(events);
        Assert.InRange(completed.FinalMetrics["test/accuracy"], 0, 1);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(3, AdapterFiles.ReadConfig(folder)["num_virtual_tokens_after_input"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_virtual_tokens_after_the_input_on_tagged_sentences_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await FineTuningConfigAsync(RunMethods.PTuning.Id, DatasetTaskKind.TokenTagging) with
        {
            MethodOptions = new MethodOptions { VirtualTokens = 4, VirtualTokensAfterInput = 2 },
        };
        var failed = Assert.IsType<RunFailed>((await ExecutedAsync(config))[^1]);
        Assert.Contains("Virtual tokens after the input cannot help token tagging", failed.Reason);
    }

    [Fact]
    public async Task Given_P_tuning_v2_with_its_head_on_the_first_token_When_executed_Then_the_run_completes_and_the_adapter_names_the_pooling()
    {
        var config = await FineTuningConfigAsync(RunMethods.PTuningV2.Id) with
        {
            MaxSteps = 10,
            MethodOptions = new MethodOptions { Pooling = SequencePooling.FirstToken },
        };
        var events = await ExecutedAsync(config);
        Assert.InRange(Completed(events).FinalMetrics["test/accuracy"], 0, 1);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(nameof(SequencePooling.FirstToken), AdapterFiles.ReadConfig(folder)["sequence_pooling"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_Finetuning_I_with_gradual_unfreezing_When_executed_Then_the_adapter_holds_the_unfrozen_top_blocks()
    {
        var config = await FineTuningConfigAsync(RunMethods.FinetuningHead.Id) with { MaxSteps = 20, Strategies = new TrainingStrategies { UnfreezeEverySteps = 8 } };
        var events = await ExecutedAsync(config);
        Completed(events);
        var folder = Path.GetDirectoryName(Assert.Single(events.OfType<CheckpointSaved>()).Path)!;
        Assert.Equal(2, AdapterFiles.ReadConfig(folder)["trainable_blocks"]!.GetValue<int>());
        using var generator = new Generator(0);
        using var fresh = new SequenceClassifier(HuggingFaceCheckpoint.ReadConfig(BaseFolder), labels: 2, generator);
        var sha = CheckpointFile.Describe(0, Path.Combine(BaseFolder, HuggingFaceCheckpoint.WeightsFile)).Sha256;
        Assert.Equal(2, PeftMethods.Get(RunMethods.FinetuningHead.Id).Load(folder, fresh, sha).TrainableBlocks);
    }

    [Fact]
    public async Task Given_QLoRA_When_executed_Then_the_base_is_stored_in_about_4_bits_per_weight()
    {
        var config = await FineTuningConfigAsync(RunMethods.QLora.Id) with { MaxSteps = 10 };
        var completed = Completed(await ExecutedAsync(config));
        Assert.InRange(completed.FinalMetrics[MetricNames.BaseBitsPerParameter], 4.12, 4.2);
    }

    [Fact]
    public async Task Given_gradual_unfreezing_with_an_adapter_method_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await FineTuningConfigAsync(RunMethods.Lora.Id) with { Strategies = new TrainingStrategies { UnfreezeEverySteps = 5 } };
        var failed = Assert.IsType<RunFailed>((await ExecutedAsync(config))[^1]);
        Assert.Contains("Gradual unfreezing", failed.Reason);
    }

    [Fact]
    public async Task Given_a_method_that_does_not_fit_the_base_model_When_executed_Then_the_run_fails_with_the_reason()
    {
        var config = await FineTuningConfigAsync(RunMethods.Lora.Id) with { MethodOptions = new MethodOptions { TargetModules = ["q_proj"] } };
        var failed = Assert.IsType<RunFailed>((await ExecutedAsync(config))[^1]);
        Assert.Contains("q_proj", failed.Reason);
        Assert.Contains("c_attn", failed.Reason);
    }

    [Fact]
    public async Task Given_a_fine_tuning_method_without_a_base_model_When_queued_Then_it_is_refused()
    {
        var config = await FineTuningConfigAsync(RunMethods.BitFit.Id) with { BaseModelId = null };

        var result = await database.SendAsync(new StartRun(config, TestUsers.Researcher));

        Assert.False(result.IsSuccess);
        Assert.Contains("base model", result.Errors[0].Message);
    }
}
