using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.QLoRA;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.QLoRA;

/// <summary>What is particular to QLoRA; the method matrix covers the rest.</summary>
public sealed class QLoraMethodTests(ITestOutputHelper output) : TemporaryFolder
{
    private static readonly MethodOptions Options = new() { Rank = 4, Alpha = 8 };

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_model_When_applying_QLoRA_Then_only_LoRA_trains_and_no_float32_weight_of_a_quantised_layer_remains(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        var linears = ((nn.Module)model.Backbone).named_modules().Where(m => m.module is AutocastLinear).Select(m => $"{DecoderWithHead<Tensor>.BackboneName(family)}.{m.name}").ToList();
        var quantisedBytes = ((nn.Module)model.Backbone).modules().OfType<AutocastLinear>().Sum(l => l.Weight.numel() * sizeof(float));
        var bytesBefore = ParameterBytes(model);

        Apply(model);

        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.All(model.named_parameters().Where(p => p.parameter.requires_grad), p => Assert.Contains("lora_", p.name));
        Assert.All(linears, layer => Assert.DoesNotContain(layer + ".weight", names));
        Assert.All(linears, layer => Assert.NotNull(((AutocastLinear)model.named_modules().Single(m => m.name == layer).module).Quantized));
        Assert.InRange(QuantizedBase.BitsPerParameter(model), 4, 5);
        var loraBytes = model.named_parameters().Where(p => p.name.Contains("lora_", StringComparison.Ordinal)).Sum(p => p.parameter.numel() * sizeof(float));
        Assert.Equal(bytesBefore - quantisedBytes, ParameterBytes(model) - loraBytes);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_large_layers_When_quantising_the_base_Then_about_4_127_bits_are_stored_per_weight(ModelFamily family)
    {
        // Every weight a multiple of 64·256, so no padding: 4 + 8/64 + 32/16384 + one 32-bit offset per layer.
        var config = TinyModels.For(family) with { EmbeddingSize = 256, Heads = 4, KeyValueHeads = null, IntermediateSize = 1024, Layers = 1 };
        using var generator = new Generator(7);
        using var model = new CausalLanguageModel(config, generator);
        Assert.Equal(32, QuantizedBase.BitsPerParameter(model));

        QuantizedBase.Quantize(model);

        var bits = QuantizedBase.BitsPerParameter(model);
        output.WriteLine($"{family}: {bits:F5} bits per base weight");
        Assert.InRange(bits, 4.127, 4.1275);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_fresh_QLoRA_model_When_running_Then_it_outputs_the_dequantised_base_exactly(ModelFamily family)
    {
        using var dequantised = TinyModels.LanguageModel(family);
        using var model = TinyModels.LanguageModel(family);

        QuantizedBase.Quantize(dequantised);
        Apply(model);
        using var tokens = TinyModels.Tokens(2, 8);
        using var _ = no_grad();

        Assert.True(model.forward(tokens).equal(dequantised.forward(tokens)).all().item<bool>(), "LoRA must add nothing at step 0");
    }

    [Fact]
    public void Given_the_shipped_base_model_When_quantised_Then_its_logits_stay_close_to_float32()
    {
        var folder = Path.Combine(Platform.Testing.TestEnvironment.RepositoryRoot, "models", new Platform.Training.Methods.Pretraining.BaseModelRecipe().Name);
        var config = HuggingFaceCheckpoint.ReadConfig(folder);
        using var generator = new Generator(0);
        using var float32 = new CausalLanguageModel(config, generator);
        using var quantised = new CausalLanguageModel(config, generator);
        foreach (var model in new[] { float32, quantised })
        {
            HuggingFaceCheckpoint.Load(folder, config, model.named_parameters().Select(p => (p.name, p.parameter)));
        }

        QuantizedBase.Quantize(quantised);
        using var tokens = randint(config.VocabularySize, [4, 64], generator: generator);
        using var _ = no_grad();
        using var reference = float32.forward(tokens);
        using var logits = quantised.forward(tokens);

        var relativeError = ((logits - reference).norm() / reference.norm()).item<float>();
        output.WriteLine($"relative logit error of the NF4 base against float32: {relativeError:F4}");
        Assert.InRange(relativeError, 1e-4f, 0.1f);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_trained_adapter_When_loading_it_onto_a_fresh_float32_base_Then_the_base_is_quantised_and_the_logits_match(ModelFamily family)
    {
        var method = new QLoraMethod();
        using var model = TinyModels.LanguageModel(family);
        Apply(model);
        AdapterTraining.Train(model, steps: 3, learningRate: 3e-2, weightDecay: 0);
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"qlora-{family}");

        method.Save(folder, model, Options, new AdapterProvenance("qlora", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(family);
        method.Load(folder, fresh, new string('a', 64));

        Assert.True(fresh.forward(tokens).detach().equal(expected).all().item<bool>());
        Assert.InRange(QuantizedBase.BitsPerParameter(fresh), 4, 5);
        var keys = SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)).Keys;
        Assert.All(keys, k => Assert.Matches(@"^base_model\.model\..*\.lora_[AB]\.weight$", k));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(("LORA", 4), (config["peft_type"]!.GetValue<string>(), config["r"]!.GetValue<int>()));
    }

    [Fact]
    public void Given_a_quantised_base_When_applying_QLoRA_again_or_writing_a_full_checkpoint_Then_a_clear_error()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        Apply(model);

        Assert.Contains("quantised already", Assert.Throws<ArgumentException>(() => Apply(model)).Message);
        Assert.Contains("quantised", Assert.Throws<InvalidOperationException>(() => new CheckpointWriter(Subfolder("run")).Write(1, model, _ => { })).Message);
    }

    private static long ParameterBytes(nn.Module model) => model.parameters().Sum(p => p.numel() * p.ElementSize);

    private static void Apply(CausalLanguageModel model)
    {
        using var generator = new Generator(21);
        new QLoraMethod().Apply(model, Options, generator);
    }
}
