using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.Lora;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using TorchSharp;
using Xunit;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.Lora;

public sealed class LoraTests : TemporaryFolder
{
    private static readonly LoraMethod Method = new();

    private static readonly MethodOptions RunOptions = new() { Rank = 4, Alpha = 8 };

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
        using var std = 0.1.ToScalar();
        foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.Contains("lora_B", StringComparison.Ordinal)))
        {
            parameter.copy_(randn(parameter.shape, generator: generator) * std);
        }
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

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_saved_adapter_When_loading_it_Then_the_files_use_PEFT_names_and_config(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(21))
        {
            Method.Apply(model, RunOptions, generator);
        }

        Perturb(model);
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"adapter-{family}");

        Method.Save(folder, model, RunOptions, new AdapterProvenance("lora", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(family);
        Method.Load(folder, fresh, new string('a', 64));

        Assert.True(expected.equal(fresh.forward(tokens).detach()).all().item<bool>());
        var keys = Platform.Training.Checkpoints.SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)).Keys.ToList();
        var prefix = family == ModelFamily.Gpt2 ? "base_model.model.transformer.h.0.attn.c_attn" : "base_model.model.model.layers.0.self_attn.q_proj";
        Assert.Contains($"{prefix}.lora_A.weight", keys);
        Assert.Contains($"{prefix}.lora_B.weight", keys);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(("LORA", 4, family == ModelFamily.Gpt2), (config["peft_type"]!.GetValue<string>(), config["r"]!.GetValue<int>(), config["fan_in_fan_out"]!.GetValue<bool>()));
    }

    [Fact]
    public void Given_an_adapter_of_another_base_model_When_loading_it_Then_a_clear_error_names_both_bases()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Inject(model, Options(ModelFamily.Gpt2));
        var folder = Subfolder("foreign");
        Method.Save(folder, model, RunOptions, new AdapterProvenance("lora", "tiny", "Gpt2", new string('a', 64), TinyModels.BaseFolder));

        using var other = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var error = Assert.Throws<InvalidDataException>(() => Method.Load(folder, other, new string('b', 64)));

        Assert.Contains("aaaaaaaaaaaa", error.Message);
        Assert.Contains("bbbbbbbbbbbb", error.Message);
        using var llama = TinyModels.LanguageModel(ModelFamily.Llama);
        Assert.Contains("Gpt2", Assert.Throws<InvalidDataException>(() => Method.Load(folder, llama, new string('a', 64))).Message);
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
