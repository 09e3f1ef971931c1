using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft;

/// <summary>One matrix over every registered method and both families, as PEFT's test suite runs every tuner.</summary>
public sealed class PeftMethodMatrixTests : TemporaryFolder
{
    /// <summary>Options small enough for the tiny models (2 layers × 16 channels).</summary>
    public static readonly MethodOptions Tiny = new()
    {
        Rank = 4,
        Alpha = 8,
        VirtualTokens = 4,
        EncoderHiddenSize = 16,
        BottleneckSize = 4,
        AdaptionLayers = 1,
        TrainableBlocks = 1,
        InitialRank = 6,
        TargetRank = 3,
        BudgetInterval = 2,
        TotalSteps = 40,
        // PEFT starts P and Q at std 0.02: rows of norm ≈ 0.55 in a 768-wide layer, 0.08 in these 16-wide ones,
        // where the default weight 0.5 would spend the first tens of steps on orthonormalising them alone.
        OrthogonalRegularisation = 0.1,
    };

    public static TheoryData<string, ModelFamily> Applicable()
    {
        var data = new TheoryData<string, ModelFamily>();
        foreach (var method in PeftMethods.All)
        {
            foreach (var family in new[] { ModelFamily.Gpt2, ModelFamily.Llama })
            {
                using var model = TinyModels.LanguageModel(family);
                if (method.Problems(Tiny, model).Count == 0)
                {
                    data.Add(method.Method.Id, family);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Given_the_run_methods_When_the_registry_is_built_Then_every_fine_tuning_method_has_one_implementation()
    {
        Assert.Equal(
            RunMethods.All.Where(m => m.UsesBaseModel && m.Trains).Select(m => m.Id).Order(),
            PeftMethods.All.Select(m => m.Method.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Given_a_method_When_applied_Then_only_its_parameters_require_gradients_and_a_fresh_one_starts_where_it_should(string id, ModelFamily family)
    {
        var method = PeftMethods.Get(id);
        using var model = TinyModels.LanguageModel(family);
        using var tokens = TinyModels.Tokens(2, 8);
        using var before = model.forward(tokens).detach();
        var baseNames = model.named_parameters().Select(p => p.name).ToHashSet();

        Apply(method, model);

        var (trainable, total) = TrainableParameters.Count(model);
        Assert.InRange(trainable, 1, total);
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.requires_grad == method.Trains(p.name, Tiny, model.Config), $"{id}: {p.name} requires_grad = {p.parameter.requires_grad}"));
        Assert.All(model.named_parameters().Where(p => !baseNames.Contains(p.name)), p => Assert.True(p.parameter.requires_grad, $"{id} added {p.name} but does not train it"));
        if (method.StartsAtBaseModel)
        {
            using var after = model.forward(tokens).detach();
            Assert.True(before.allclose(after, rtol: 0, atol: 1e-6), $"{id} must start exactly at the base model; max difference {(before - after).abs().max().item<float>()}");
        }
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Given_a_method_When_training_a_tiny_task_Then_the_loss_decreases_and_frozen_weights_do_not_move(string id, ModelFamily family)
    {
        var method = PeftMethods.Get(id);
        using var model = TinyModels.LanguageModel(family);
        AdapterTraining.ScaleToPretrainedSize(model);
        var hook = Apply(method, model);
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var losses = AdapterTraining.Train(model, steps: 40, learningRate: 3e-2, weightDecay: 0, Hooks(hook));

        Assert.True(losses.TakeLast(5).Average() < losses.Take(5).Average() - 0.1, $"{id}: loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.All(model.named_parameters().Where(p => frozen.ContainsKey(p.name)), p => Assert.True(p.parameter.equal(frozen[p.name]).all().item<bool>(), $"{id} moved frozen {p.name}"));
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Given_a_trained_adapter_When_saving_and_loading_it_onto_the_same_base_Then_the_logits_are_identical(string id, ModelFamily family)
    {
        var method = PeftMethods.Get(id);
        using var model = TinyModels.LanguageModel(family);
        var hook = Apply(method, model);
        AdapterTraining.Train(model, steps: 3, learningRate: 3e-2, weightDecay: 0, Hooks(hook));
        model.eval();
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"{id}-{family}");

        method.Save(folder, model, Tiny, new AdapterProvenance(id, "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(family);
        method.Load(folder, fresh, new string('a', 64));
        fresh.eval();

        Assert.True(expected.allclose(fresh.forward(tokens).detach(), rtol: 1e-5, atol: 1e-6), id);
        Assert.True(File.Exists(Path.Combine(folder, AdapterFiles.ConfigFile)));
        Assert.Throws<InvalidDataException>(() =>
        {
            using var other = TinyModels.LanguageModel(family);
            method.Load(folder, other, new string('b', 64));
        });
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Given_a_sequence_classifier_When_applying_a_method_Then_the_new_head_trains_with_it(string id, ModelFamily family)
    {
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.For(family), labels: 2, generator);

        Apply(PeftMethods.Get(id), model);

        Assert.True(model.named_parameters().Single(p => p.name == "score.weight").parameter.requires_grad);
    }

    private static ITrainingHook? Apply(IPeftMethod method, DecoderWithHead<Tensor> model)
    {
        using var generator = new Generator(21);
        return method.Apply(model, Tiny, generator);
    }

    private static IReadOnlyList<ITrainingHook> Hooks(ITrainingHook? hook) => hook is null ? [] : [hook];
}
