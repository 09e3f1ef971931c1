using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Tests.Execution;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Stress;

/// <summary>
/// Every method of the registry runs through the worker while another thread collects garbage without
/// pause. A TorchSharp Scalar made from a number and held by nothing can be finalised while libtorch still
/// reads it; under this collector that shows up as a native exception and a failed run, not at random in
/// a user's long run. The shipped base model is a GPT-2; Llama's modules train as a tiny model.
/// </summary>
[Collection(nameof(GarbageCollectionStress))]
public sealed class GarbageCollectionStressTests(WorkerDatabase database) : IClassFixture<WorkerDatabase>
{
    private readonly FineTuningScenarios scenarios = new(database);

    /// <summary>Each method on the task that exercises most of it: generation for the language-model methods, a head for the rest.</summary>
    public static TheoryData<string, DatasetTaskKind> Methods()
    {
        var data = new TheoryData<string, DatasetTaskKind>();
        foreach (var method in RunMethods.All.Where(m => m.UsesBaseModel))
        {
            data.Add(method.Id, method == RunMethods.FeatureBased ? DatasetTaskKind.Classification : DatasetTaskKind.Instruction);
        }

        data.Add(RunMethods.Lora.Id, DatasetTaskKind.Classification);
        data.Add(RunMethods.PTuningV2.Id, DatasetTaskKind.TokenTagging);
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Given_a_thread_collecting_garbage_When_a_method_trains_Then_the_run_completes(string method, DatasetTaskKind kind)
    {
        var config = await scenarios.ConfigAsync(method, kind) with { MaxSteps = 4, LogEvery = 2, WarmupSteps = 1 };
        if (method == RunMethods.HardPrompt.Id)
        {
            config = config with { MethodOptions = new MethodOptions { Shots = 2 } };
        }
        else if (method == RunMethods.FinetuningHead.Id)
        {
            // The shipped model ties its head to the embedding: Finetuning I must train a top block to train anything.
            config = config with { MethodOptions = new MethodOptions { TrainableBlocks = 1 } };
        }

        await AssertCompletesUnderCollectionAsync(config);
    }

    [Fact]
    public async Task Given_a_thread_collecting_garbage_When_AdaLoRA_trains_with_every_strategy_Then_the_run_completes()
    {
        var config = await scenarios.ConfigAsync(RunMethods.AdaLora.Id, DatasetTaskKind.Instruction) with
        {
            MaxSteps = 6,
            MethodOptions = new MethodOptions { InitialRank = 6, TargetRank = 2, BudgetWarmupSteps = 1, BudgetFinalSteps = 1, BudgetInterval = 2 },
            Strategies = new TrainingStrategies { DistillationWeight = 0.1, PretrainingMixShare = 0.2, L2SpWeight = 0.01 },
        };

        await AssertCompletesUnderCollectionAsync(config);
    }

    public static IEnumerable<object[]> LlamaMethods() => PeftMethodMatrixTests.Applicable().Where(row => (ModelFamily)row[1] == ModelFamily.Llama);

    [Theory]
    [MemberData(nameof(LlamaMethods))]
    public void Given_a_thread_collecting_garbage_When_a_method_trains_a_tiny_Llama_Then_every_step_completes(string id, ModelFamily family)
    {
        var method = PeftMethods.Get(id);
        using var model = TinyModels.LanguageModel(family);
        using var generator = new Generator(21);
        var hook = method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        IReadOnlyList<double> losses;
        using (var collector = new ContinuousGarbageCollection())
        {
            losses = AdapterTraining.Train(model, steps: 5, learningRate: 1e-2, weightDecay: 0.01, hook is null ? [] : [hook]);
        }

        Assert.All(losses, loss => Assert.True(double.IsFinite(loss), $"{id}: loss {loss}"));
    }

    private async Task AssertCompletesUnderCollectionAsync(RunConfig config)
    {
        IReadOnlyList<object> events;
        long collections;
        using (var collector = new ContinuousGarbageCollection())
        {
            events = await scenarios.ExecutedAsync(config);
            collections = collector.Collections;
        }

        FineTuningScenarios.Completed(events);
        Assert.True(collections > 10, $"only {collections} collections ran beside the run");
    }
}
