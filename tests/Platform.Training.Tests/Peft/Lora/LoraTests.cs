using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.Lora;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.Lora;

public sealed class LoraTests : TemporaryFolder
{
    private static LoraOptions Options(ModelFamily family, int rank = 4) =>
        new() { Rank = rank, Alpha = 8, TargetModules = LoraOptions.DefaultTargets(family) };

    private static void Inject(nn.Module model, LoraOptions options, ulong seed = 21)
    {
        using var generator = new Generator(seed);
        LoraInjector.Inject(model, options, generator);
    }

    /// <summary>Moves every LoRA B off zero, as training would, so the update changes the output.</summary>
    private static void Perturb(nn.Module model)
    {
        using var generator = new Generator(9);
        using var _ = no_grad();
        foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.Contains("lora_B", StringComparison.Ordinal)))
        {
            parameter.copy_(randn(parameter.shape, generator: generator) * 0.1);
        }
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_model_When_injecting_LoRA_Then_only_the_lora_parameters_require_gradients(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);

        Inject(model, Options(family));

        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.NotEmpty(trainable);
        Assert.All(trainable, name => Assert.Matches(@"\.lora\.lora_[AB]\.weight$", name));
        Assert.Equal(2 * TinyModels.For(family).Layers * LoraOptions.DefaultTargets(family).Count, trainable.Count);
        var (trainableCount, total) = TrainableParameters.Count(model);
        Assert.InRange((double)trainableCount / total, 0.001, 0.2);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_fresh_LoRA_When_running_the_model_Then_the_output_is_the_base_models(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        using var tokens = TinyModels.Tokens(2, 8);
        using var before = model.forward(tokens).detach();

        Inject(model, Options(family));
        using var after = model.forward(tokens);

        Assert.True(before.equal(after).all().item<bool>(), "B = 0 at step 0, so the update must add exactly nothing.");
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_trained_LoRA_When_merging_and_unmerging_Then_the_logits_agree_and_the_base_weights_come_back(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        Inject(model, Options(family));
        Perturb(model);
        using var tokens = TinyModels.Tokens(2, 8);
        var baseWeights = model.named_parameters().Where(p => !p.name.Contains("lora_", StringComparison.Ordinal)).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var unmerged = model.forward(tokens).detach();

        LoraInjector.Merge(model);
        using var merged = model.forward(tokens).detach();
        LoraInjector.Unmerge(model);
        using var restored = model.forward(tokens).detach();

        Assert.True(merged.allclose(unmerged, rtol: 1e-4, atol: 1e-5), $"max difference {(merged - unmerged).abs().max().item<float>()}");
        Assert.True(restored.allclose(unmerged, rtol: 1e-4, atol: 1e-5));
        Assert.All(model.named_parameters().Where(p => baseWeights.ContainsKey(p.name)), p => Assert.True(p.parameter.allclose(baseWeights[p.name], atol: 1e-6), p.name));
    }

    [Fact]
    public void Given_a_tiny_task_When_training_only_LoRA_Then_the_loss_decreases_and_the_base_weights_do_not_move()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Inject(model, Options(ModelFamily.Gpt2, rank: 8) with { TargetModules = ["c_attn", "c_proj", "c_fc"] });
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var losses = AdapterTraining.Train(model, steps: 60, learningRate: 3e-2, weightDecay: 0.01);

        // The frozen tied embeddings of a tiny random model keep the logits small, so the loss cannot fall far
        // below ln(50) ≈ 3.9; a steady fall of 0.2 nats is well beyond noise (training is deterministic).
        Assert.True(losses[^1] < losses[0] - 0.2, $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average());
        Assert.All(model.named_parameters().Where(p => frozen.ContainsKey(p.name)), p => Assert.True(p.parameter.equal(frozen[p.name]).all().item<bool>(), p.name));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_saved_adapter_When_loading_it_onto_the_same_base_Then_the_logits_are_identical_and_the_files_use_PEFT_names(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        Inject(model, Options(family));
        Perturb(model);
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"adapter-{family}");

        LoraAdapter.Save(folder, model, Options(family), "tiny", new string('a', 64));
        using var fresh = TinyModels.LanguageModel(family);
        LoraAdapter.Load(folder, fresh, new string('a', 64));

        Assert.True(expected.equal(fresh.forward(tokens).detach()).all().item<bool>());
        var keys = Platform.Training.Checkpoints.SafeTensors.Read(Path.Combine(folder, LoraAdapter.WeightsFile)).Keys.ToList();
        var prefix = family == ModelFamily.Gpt2 ? "base_model.model.transformer.h.0.attn.c_attn" : "base_model.model.model.layers.0.self_attn.q_proj";
        Assert.Contains($"{prefix}.lora_A.weight", keys);
        Assert.Contains($"{prefix}.lora_B.weight", keys);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, LoraAdapter.ConfigFile)))!;
        Assert.Equal(("LORA", 4, family == ModelFamily.Gpt2), (config["peft_type"]!.GetValue<string>(), config["r"]!.GetValue<int>(), config["fan_in_fan_out"]!.GetValue<bool>()));
    }

    [Fact]
    public void Given_an_adapter_of_another_base_model_When_loading_it_Then_a_clear_error_names_both_bases()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Inject(model, Options(ModelFamily.Gpt2));
        var folder = Subfolder("foreign");
        LoraAdapter.Save(folder, model, Options(ModelFamily.Gpt2), "tiny", new string('a', 64));

        using var other = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var error = Assert.Throws<InvalidDataException>(() => LoraAdapter.Load(folder, other, new string('b', 64)));

        Assert.Contains("aaaaaaaaaaaa", error.Message);
        Assert.Contains("bbbbbbbbbbbb", error.Message);
        using var llama = TinyModels.LanguageModel(ModelFamily.Llama);
        Assert.Contains("Gpt2", Assert.Throws<InvalidDataException>(() => LoraAdapter.Load(folder, llama, new string('a', 64))).Message);
    }

    [Fact]
    public void Given_invalid_options_or_unknown_targets_When_injecting_Then_every_problem_is_named_and_the_model_is_unchanged()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);

        var invalid = Assert.Throws<ArgumentException>(() => Inject(model, new LoraOptions { Rank = 0, Alpha = -1, Dropout = 1, TargetModules = ["c_attn"] }));
        var unknown = Assert.Throws<ArgumentException>(() => Inject(model, Options(ModelFamily.Gpt2) with { TargetModules = ["q_proj"] }));

        Assert.Contains("rank", invalid.Message);
        Assert.Contains("alpha", invalid.Message);
        Assert.Contains("dropout", invalid.Message);
        Assert.Contains("c_attn", unknown.Message);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}
