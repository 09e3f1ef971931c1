using System.Text.Json.Nodes;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.PrefixTuning;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PrefixTuning;

/// <summary>What is particular to prefix tuning: the MLP trains, only its output is kept, in PEFT's layout.</summary>
public sealed class PrefixTuningTests : TemporaryFolder
{
    private static readonly PrefixTuningMethod Method = new();

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_trained_prefix_MLP_When_saving_and_loading_Then_the_adapter_holds_only_the_prefixes_and_gives_the_same_logits(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(21))
        {
            Method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        AdapterTraining.Train(model, steps: 3, learningRate: 3e-2, weightDecay: 0);
        model.eval();
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"prefix-{family}");

        Method.Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("prefix_tuning", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(family);
        Method.Load(folder, fresh, new string('a', 64));
        fresh.eval();
        using var loaded = fresh.forward(tokens).detach();

        var config = model.Config;
        var width = config.Layers * 2 * config.KvHeads * config.HeadSize;
        Assert.Contains(model.named_parameters(), p => p.name.Contains(".transform.", StringComparison.Ordinal));
        var prefix = Assert.Single(fresh.named_parameters(), p => Method.Trains(p.name));
        Assert.Equal([PeftMethodMatrixTests.Tiny.VirtualTokens, width], prefix.parameter.shape);
        Assert.True(expected.allclose(loaded, rtol: 1e-5, atol: 1e-6), $"max difference {(expected - loaded).abs().max().item<float>()}");
        var saved = Assert.Single(SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)));
        Assert.Equal("prompt_embeddings", saved.Key);
        Assert.Equal([PeftMethodMatrixTests.Tiny.VirtualTokens, width], saved.Value.shape);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(
            ("PREFIX_TUNING", true, config.KvHeads * config.HeadSize, config.KvHeads, config.Layers, 16),
            (json["peft_type"]!.GetValue<string>(), json["prefix_projection"]!.GetValue<bool>(), json["token_dim"]!.GetValue<int>(),
             json["num_attention_heads"]!.GetValue<int>(), json["num_layers"]!.GetValue<int>(), json["encoder_hidden_size"]!.GetValue<int>()));
    }

    [Fact]
    public void Given_PEFTs_flat_past_key_values_When_splitting_them_per_layer_Then_each_layer_gets_its_keys_then_its_values_in_kv_heads()
    {
        var config = TinyModels.Llama; // 2 layers, 2 kv heads of size 4
        const int tokens = 3;
        var (kv, hs) = (config.KvHeads, config.HeadSize);
        using var count = (tokens * config.Layers * 2 * kv * hs).ToScalar();
        using var flat = arange(Zero, count, One, dtype: ScalarType.Float32).view(tokens, -1);
        using var prefix = PrefixEncoder.Direct(config, flat.clone());

        var perLayer = prefix.KeysAndValues();

        for (var layer = 0; layer < config.Layers; layer++)
        {
            // PEFT: view(P, layers·2, nkv, hs).permute(2, 0, 3, 1, 4).split(2): chunk 2l is layer l's keys, 2l+1 its values.
            using var keys = flat[.., ((2 * layer) * kv * hs)..((2 * layer + 1) * kv * hs)].view(tokens, kv, hs).transpose(0, 1);
            using var values = flat[.., ((2 * layer + 1) * kv * hs)..((2 * layer + 2) * kv * hs)].view(tokens, kv, hs).transpose(0, 1);
            Assert.True(perLayer[layer].Keys.equal(keys).all().item<bool>(), $"layer {layer} keys");
            Assert.True(perLayer[layer].Values.equal(values).all().item<bool>(), $"layer {layer} values");
        }
    }
}
