using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.IA3;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.IA3;

/// <summary>What is particular to IA3; the method matrix covers the rest.</summary>
public sealed class IA3Tests : TemporaryFolder
{
    public static TheoryData<ModelFamily, string[], long[][], string[], string[]> PeftLayouts() => new()
    {
        {
            // GPT-2: c_attn scales its (3C) output, mlp.c_proj its (4C) input; attn.c_proj is no target.
            ModelFamily.Gpt2,
            ["transformer.h.0.attn.c_attn.ia3_l", "transformer.h.0.mlp.c_proj.ia3_l", "transformer.h.1.attn.c_attn.ia3_l", "transformer.h.1.mlp.c_proj.ia3_l"],
            [[48, 1], [1, 64], [48, 1], [1, 64]],
            ["c_attn", "mlp.c_proj"],
            ["mlp.c_proj"]
        },
        {
            // Llama: k and v (2 kv heads × 4) scale their outputs, down_proj its (intermediate 40) input.
            ModelFamily.Llama,
            ["model.layers.0.self_attn.k_proj.ia3_l", "model.layers.0.self_attn.v_proj.ia3_l", "model.layers.0.mlp.down_proj.ia3_l", "model.layers.1.self_attn.k_proj.ia3_l", "model.layers.1.self_attn.v_proj.ia3_l", "model.layers.1.mlp.down_proj.ia3_l"],
            [[8, 1], [8, 1], [1, 40], [8, 1], [8, 1], [1, 40]],
            ["k_proj", "v_proj", "down_proj"],
            ["down_proj"]
        },
    };

    [Theory]
    [MemberData(nameof(PeftLayouts))]
    public void Given_a_model_When_saving_IA3_Then_the_vectors_have_PEFTs_keys_shapes_and_config(
        ModelFamily family, string[] keys, long[][] shapes, string[] targets, string[] feedforward)
    {
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(1))
        {
            new IA3Method().Apply(model, new MethodOptions(), generator);
        }

        var folder = Subfolder($"ia3-{family}");
        new IA3Method().Save(folder, model, new MethodOptions(), new AdapterProvenance("ia3", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));

        var stored = SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile));
        Assert.Equal(keys.Select(k => AdapterFiles.PeftKeyPrefix + k).Order(), stored.Keys.Order());
        Assert.All(keys.Zip(shapes), pair => Assert.Equal(pair.Second, stored[AdapterFiles.PeftKeyPrefix + pair.First].shape));
        Assert.All(stored.Values, t => Assert.True(t.eq(One).all().item<bool>()));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal("IA3", config["peft_type"]!.GetValue<string>());
        Assert.Equal(targets, config["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(feedforward, config["feedforward_modules"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(family == ModelFamily.Gpt2, config["fan_in_fan_out"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_a_linear_layer_When_scaling_by_ones_Then_its_output_is_unchanged_and_by_twos_doubled(bool feedforward)
    {
        using var layer = new AutocastLinear(6, 5);
        using var generator = new Generator(2);
        using var x = randn([3, 6], generator: generator);
        using var _ = no_grad();
        using var before = layer.forward(x);
        var ia3 = new IA3Layer(6, 5, feedforward);
        layer.AttachAdapter("ia3", ia3);

        using var identity = layer.forward(x);
        ia3.parameters().Single().fill_(Two);
        using var doubled = layer.forward(x);

        Assert.True(identity.equal(before).all().item<bool>());
        // Output scaling doubles the bias too, as PEFT's; input scaling doubles only W·x.
        using var expected = feedforward ? nn.functional.linear(x * Two, layer.Weight, layer.Bias) : before * Two;
        Assert.True(doubled.allclose(expected, rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void Given_targets_that_match_nothing_When_applying_Then_a_clear_error_names_the_models_layers()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var generator = new Generator(1);

        var error = Assert.Throws<ArgumentException>(() => new IA3Method().Apply(model, new MethodOptions { TargetModules = ["k_proj"] }, generator));

        Assert.Contains("c_attn", error.Message);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}
