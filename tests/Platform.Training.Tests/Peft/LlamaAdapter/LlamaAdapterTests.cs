using System.Text.Json.Nodes;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.LlamaAdapter;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.LlamaAdapter;

/// <summary>What is particular to LLaMA-Adapter: prompts in the top layers only, behind a gate that starts closed.</summary>
public sealed class LlamaAdapterTests : TemporaryFolder
{
    private static readonly LlamaAdapterMethod Method = new();

    private static CausalLanguageModel FourLayers(ModelFamily family)
    {
        using var generator = new Generator(3);
        return new CausalLanguageModel(TinyModels.For(family) with { Layers = 4 }, generator);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2, "transformer.h.{0}.attn.adaption.")]
    [InlineData(ModelFamily.Llama, "model.layers.{0}.self_attn.adaption.")]
    public void Given_four_layers_When_adapting_the_top_two_Then_only_layers_2_and_3_get_a_prompt_and_a_gate(ModelFamily family, string pattern)
    {
        using var model = FourLayers(family);
        using var generator = new Generator(21);

        Method.Apply(model, PeftMethodMatrixTests.Tiny with { AdaptionLayers = 2 }, generator);

        Assert.Equal(
            new[] { 2, 3 }.SelectMany(layer => new[] { string.Format(pattern, layer) + "adaption_gate", string.Format(pattern, layer) + "adaption_prompt" }).Order(),
            model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).Order());
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_closed_gate_When_training_opens_it_Then_the_output_starts_at_the_base_models_and_then_leaves_it(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        AdapterTraining.ScaleToPretrainedSize(model);
        using var tokens = TinyModels.Tokens(2, 8);
        using var baseOutput = model.forward(tokens).detach();
        using (var generator = new Generator(21))
        {
            Method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        using var atStart = model.forward(tokens).detach();
        AdapterTraining.Train(model, steps: 3, learningRate: 3e-2, weightDecay: 0);
        using var trained = model.forward(tokens).detach();

        Assert.True(atStart.equal(baseOutput).all().item<bool>());
        Assert.All(model.named_parameters().Where(p => p.name.EndsWith("adaption_gate", StringComparison.Ordinal)), p => Assert.NotEqual(0f, p.parameter.item<float>()));
        Assert.False(trained.allclose(baseOutput, rtol: 1e-4, atol: 1e-4));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2, "base_model.model.transformer.h.1.attn", "attn", LlamaAdapterMethod.Gpt2Type)]
    [InlineData(ModelFamily.Llama, "base_model.model.model.layers.1.self_attn", "self_attn", "ADAPTION_PROMPT")]
    public void Given_a_saved_adapter_When_reading_its_files_Then_they_use_PEFTs_keys_shapes_and_config(ModelFamily family, string prefix, string targets, string peftType)
    {
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(21))
        {
            Method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        var folder = Subfolder($"adapter-{family}");
        Method.Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("llama_adapter", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));

        var tensors = SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile));
        Assert.Equal(new[] { $"{prefix}.adaption_gate", $"{prefix}.adaption_prompt" }, tensors.Keys.Order());
        Assert.Equal([1, PeftMethodMatrixTests.Tiny.VirtualTokens, model.Config.EmbeddingSize], tensors[$"{prefix}.adaption_prompt"].shape);
        Assert.Equal([1], tensors[$"{prefix}.adaption_gate"].shape);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(
            (peftType, targets, PeftMethodMatrixTests.Tiny.VirtualTokens, 1),
            (config["peft_type"]!.GetValue<string>(), config["target_modules"]!.GetValue<string>(), config["adapter_len"]!.GetValue<int>(), config["adapter_layers"]!.GetValue<int>()));
        // PEFT would look for Llama's modules in a GPT-2: the platform's type says it does not load there, and why.
        Assert.Equal(family == ModelFamily.Gpt2, config["platform_note"]?.GetValue<string>().Contains("Llama and Mistral only", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Given_more_adaption_layers_than_the_model_has_When_applying_Then_a_clear_problem_and_nothing_changes()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        using var generator = new Generator(1);

        var error = Assert.Throws<ArgumentException>(() => Method.Apply(model, PeftMethodMatrixTests.Tiny with { AdaptionLayers = 3 }, generator));

        Assert.Contains("2 layers", error.Message);
        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("adaption", StringComparison.Ordinal));
    }
}
