using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Tests.Execution;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Stress;

/// <summary>
/// Every method of the registry runs through the worker while another thread collects garbage without
/// pause. A TorchSharp Scalar made from a number, or a temporary tensor, held by nothing can be finalised
/// while libtorch still reads it; under this collector that shows up as a native exception and a failed run
/// (a Scalar) or a crashed test host (a tensor), not at random in a user's long run. The shipped base model is a GPT-2; Llama's modules train as a tiny model.
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

    /// <summary>
    /// Loading copies each stored GPT-2 matrix through a transposed view that nothing else references: unheld,
    /// the collector freed it while libtorch copied from it and the test host crashed (3 runs of 3 before
    /// <see cref="HeldTensors"/>).
    /// </summary>
    [Fact]
    public void Given_a_thread_collecting_garbage_When_a_saved_model_is_loaded_again_and_again_Then_every_load_gives_its_weights()
    {
        var config = new DecoderConfig { Family = ModelFamily.Gpt2, VocabularySize = 64, ContextLength = 16, Layers = 2, Heads = 4, EmbeddingSize = 512 };
        var folder = Directory.CreateTempSubdirectory().FullName;
        using var generator = new Generator(1);
        using var saved = new CausalLanguageModel(config, generator);
        using var loaded = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Save(folder, config, saved.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        using (var collector = new ContinuousGarbageCollection())
        {
            for (var load = 0; load < 300; load++)
            {
                HuggingFaceCheckpoint.Load(folder, config, loaded.named_parameters().Select(p => (p.name, p.parameter)));
            }
        }

        Assert.All(saved.named_parameters().Zip(loaded.parameters()), pair => Assert.True(pair.First.parameter.equal(pair.Second).all().item<bool>(), pair.First.name));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Every method applied, saved and loaded onto fresh bases again and again outside any engine entry point,
    /// as the other tests call them: it crashed the test host in 2 of 4 runs before each test held its tensors
    /// (<see cref="HoldTensorsForEachTestAttribute"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(PeftMethodMatrixTests.Applicable), MemberType = typeof(PeftMethodMatrixTests))]
    public void Given_a_thread_collecting_garbage_When_adapters_are_applied_saved_and_loaded_again_and_again_Then_every_load_gives_its_logits(string id, ModelFamily family)
    {
        var method = PeftMethods.Get(id);
        var folder = Directory.CreateTempSubdirectory().FullName;
        using var tokens = TinyModels.Tokens(2, 8);
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(21))
        {
            method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        model.eval();
        using var expected = model.forward(tokens).detach();
        method.Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance(id, "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using (var collector = new ContinuousGarbageCollection())
        {
            for (var load = 0; load < 25; load++)
            {
                using (var again = TinyModels.LanguageModel(family))
                using (var generator = new Generator(21))
                {
                    method.Apply(again, PeftMethodMatrixTests.Tiny, generator);
                    method.Save(Path.Combine(folder, "again"), again, PeftMethodMatrixTests.Tiny, new AdapterProvenance(id, "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
                }

                using var fresh = TinyModels.LanguageModel(family);
                method.Load(folder, fresh, new string('a', 64));
                fresh.eval();
                using var scope = NewDisposeScope();
                Assert.True(expected.allclose(fresh.forward(tokens), rtol: 1e-5, atol: 1e-6), $"{id} load {load}");
            }
        }

        Directory.Delete(folder, recursive: true);
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
