using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.Houlsby;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.Houlsby;

/// <summary>What is particular to Houlsby adapters; the method matrix covers the rest.</summary>
public sealed class HoulsbyTests : TemporaryFolder
{
    private static readonly MethodOptions Options = new() { BottleneckSize = 3 };

    [Theory]
    [InlineData(ModelFamily.Gpt2, "transformer.h.{0}.attn.c_proj", "transformer.h.{0}.mlp.c_proj")]
    [InlineData(ModelFamily.Llama, "model.layers.{0}.self_attn.o_proj", "model.layers.{0}.mlp.down_proj")]
    public void Given_a_model_When_applying_Houlsby_Then_one_adapter_with_the_bottleneck_follows_attention_and_the_FFN_of_every_layer(
        ModelFamily family, string attention, string feedForward)
    {
        using var model = TinyModels.LanguageModel(family);

        Apply(model, Options);

        var expected = Enumerable.Range(0, TinyModels.For(family).Layers)
            .SelectMany(i => new[] { string.Format(attention, i), string.Format(feedForward, i) })
            .Select(layer => layer + ".adapter");
        Assert.Equal(expected, model.named_modules().Where(m => m.module is HoulsbyAdapter).Select(m => m.name));
        Assert.All(model.modules().OfType<HoulsbyAdapter>(), a => Assert.Equal(3, a.Bottleneck));
        var shapes = model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.shape);
        var first = string.Format(attention, 0) + ".adapter.";
        Assert.Equal([3L, 16L], shapes[first + "adapter_down.weight"]);
        Assert.Equal([16L, 3L], shapes[first + "adapter_up.weight"]);
        Assert.Equal(2 * 4 * TinyModels.For(family).Layers, shapes.Count); // two adapters of 2 weights and 2 biases per layer
    }

    [Fact]
    public void Given_a_trained_adapter_When_running_the_wrapped_projection_Then_it_adds_the_bottleneck_of_its_output()
    {
        using var layer = new AutocastLinear(16, 16);
        using var generator = new Generator(4);
        var adapter = new HoulsbyAdapter(16, 3, 0, generator);
        layer.AttachAdapter("adapter", adapter);
        using var x = randn([2, 16], generator: generator);
        using var _ = no_grad();
        var parameters = adapter.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["adapter_up.weight"].copy_(randn([16, 3], generator: generator));

        using var y = nn.functional.linear(x, layer.Weight, layer.Bias);
        using var expected = y.add(
            nn.functional.linear(
                nn.functional.gelu(nn.functional.linear(y, parameters["adapter_down.weight"], parameters["adapter_down.bias"])),
                parameters["adapter_up.weight"],
                parameters["adapter_up.bias"]),
            One);

        Assert.True(layer.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Given_a_saved_adapter_When_reading_its_files_Then_the_layout_is_the_documented_one()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Apply(model, Options);
        var folder = Subfolder("houlsby");

        new HoulsbyMethod().Save(folder, model, Options, new AdapterProvenance("houlsby", "tiny", "Gpt2", new string('a', 64), TinyModels.BaseFolder));

        var keys = SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)).Keys.ToList();
        Assert.Contains("base_model.model.transformer.h.1.mlp.c_proj.adapter_up.weight", keys);
        Assert.Contains("base_model.model.transformer.h.0.attn.c_proj.adapter_down.bias", keys);
        Assert.Equal(2 * 2 * 4, keys.Count);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal("HOULSBY", config["peft_type"]!.GetValue<string>());
        Assert.Equal(3, config["bottleneck_size"]!.GetValue<int>());
        Assert.Equal(["attn.c_proj", "mlp.c_proj"], config["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void Given_a_bottleneck_wider_than_the_model_When_applying_Then_a_clear_error_and_the_model_is_unchanged()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);

        var error = Assert.Throws<ArgumentException>(() => Apply(model, new MethodOptions { BottleneckSize = 17 }));

        Assert.Contains("bottleneck", error.Message);
        Assert.Empty(model.modules().OfType<HoulsbyAdapter>());
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    private static void Apply(Platform.Training.Models.Heads.CausalLanguageModel model, MethodOptions options)
    {
        using var generator = new Generator(21);
        new HoulsbyMethod().Apply(model, options, generator);
    }
}
