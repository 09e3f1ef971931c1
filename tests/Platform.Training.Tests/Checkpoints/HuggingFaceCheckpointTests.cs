using System.Text.Json.Nodes;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Checkpoints;

public sealed class HuggingFaceCheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-hf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_saved_model_When_loading_it_into_a_fresh_one_Then_the_logits_are_identical(ModelFamily family)
    {
        using var original = TinyModels.LanguageModel(family, seed: 3);
        HuggingFaceCheckpoint.Save(folder, original.Config, original.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));

        var config = HuggingFaceCheckpoint.ReadConfig(folder);
        using var loaded = TinyModels.LanguageModel(family, seed: 99);
        HuggingFaceCheckpoint.Load(folder, config, loaded.named_parameters().Select(p => (p.name, p.parameter)));

        Assert.Equal(original.Config, config);
        using var _ = no_grad();
        var tokens = TinyModels.Tokens(2, 7);
        Assert.True(original.forward(tokens).eq(loaded.forward(tokens)).all().item<bool>());
    }

    [Fact]
    public void Given_a_gpt2_checkpoint_written_as_transformers_writes_it_When_importing_Then_the_conv1d_matrices_are_transposed_and_the_prefix_is_optional()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        // Transformers' original GPT-2 files: no "transformer." prefix, Conv1D weights as (in, out), causal-mask buffers.
        var stored = parameters.Select(p => (
            Name: p.Key["transformer.".Length..],
            Tensor: p.Key.EndsWith("attn.c_attn.weight", StringComparison.Ordinal) || p.Key.EndsWith("c_proj.weight", StringComparison.Ordinal) || p.Key.EndsWith("c_fc.weight", StringComparison.Ordinal)
                ? p.Value.t().contiguous()
                : p.Value))
            .Append(("h.0.attn.bias", ones(1, 1, 32, 32)))
            .ToList();
        SafeTensors.Write(Path.Combine(folder, HuggingFaceCheckpoint.WeightsFile), stored);
        File.WriteAllText(Path.Combine(folder, HuggingFaceCheckpoint.ConfigFile), """
            {"model_type": "gpt2", "vocab_size": 50, "n_positions": 32, "n_embd": 16, "n_layer": 2, "n_head": 2, "n_inner": null, "layer_norm_epsilon": 1e-05}
            """);

        var config = HuggingFaceCheckpoint.ReadConfig(folder);
        using var generator = new Generator(42);
        using var imported = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Load(folder, config, imported.named_parameters().Select(p => (p.name, p.parameter)));

        using var _ = no_grad();
        var tokens = TinyModels.Tokens(1, 8);
        Assert.True(model.forward(tokens).eq(imported.forward(tokens)).all().item<bool>());
    }

    [Fact]
    public void Given_a_llama_config_as_transformers_writes_it_When_reading_Then_every_field_maps()
    {
        var json = JsonNode.Parse("""
            {"model_type": "llama", "vocab_size": 32000, "max_position_embeddings": 2048, "hidden_size": 2048, "intermediate_size": 5632,
             "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
             "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
            """)!.AsObject();

        var config = HuggingFaceConfig.FromJson(json, "config.json");

        Assert.Equal(ModelFamily.Llama, config.Family);
        Assert.Equal((32000, 2048, 2048, 5632, 22, 32, 4), (config.VocabularySize, config.ContextLength, config.EmbeddingSize, config.MlpSize, config.Layers, config.Heads, config.KvHeads));
        Assert.False(config.TieEmbeddings);
    }

    [Fact]
    public void Given_a_checkpoint_missing_a_tensor_When_loading_Then_the_error_names_it()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        HuggingFaceCheckpoint.Save(folder, model.Config, model.named_parameters().Where(p => p.name != "model.norm.weight").Select(p => (p.name, (Tensor)p.parameter)));

        var error = Assert.Throws<InvalidDataException>(() =>
            HuggingFaceCheckpoint.Load(folder, model.Config, model.named_parameters().Select(p => (p.name, p.parameter))));

        Assert.Contains("model.norm.weight", error.Message);
    }

    [Fact]
    public void Given_an_unsupported_model_type_When_reading_the_config_Then_the_error_says_so()
    {
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceConfig.FromJson(JsonNode.Parse("""{"model_type": "bert"}""")!.AsObject(), "config.json"));

        Assert.Contains("bert", error.Message);
    }
}
