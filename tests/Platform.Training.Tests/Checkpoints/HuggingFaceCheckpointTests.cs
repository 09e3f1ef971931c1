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

    private const string TinyLlama = """
        "vocab_size": 64, "max_position_embeddings": 32, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2
        """;

    private const string TinyGpt2 = """
        "model_type": "gpt2", "vocab_size": 64, "n_positions": 32, "n_embd": 16, "n_layer": 1, "n_head": 2
        """;

    [Theory]
    [InlineData("\"model_type\": \"llama\", \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}", "rope_scaling")]
    [InlineData("\"model_type\": \"llama\", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}", "rope_scaling")]
    [InlineData("\"model_type\": \"llama\", \"hidden_act\": \"gelu\"", "hidden_act")]
    [InlineData("\"model_type\": \"llama\", \"mlp_bias\": true", "mlp_bias")]
    [InlineData("\"model_type\": \"llama\", \"attention_bias\": true", "attention_bias")]
    [InlineData("\"model_type\": \"llama\", \"head_dim\": 16", "head_dim")]
    [InlineData("\"model_type\": \"mistral\", \"sliding_window\": 16", "sliding_window")]
    [InlineData("\"model_type\": \"qwen2\", \"use_sliding_window\": true, \"sliding_window\": 16", "sliding_window")]
    public void Given_a_llama_config_field_that_changes_the_computation_to_one_not_implemented_When_reading_Then_the_error_names_the_field(string fields, string field)
    {
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceConfig.FromJson(JsonNode.Parse($"{{{fields}, {TinyLlama}}}")!.AsObject(), "config.json"));

        Assert.StartsWith($"config.json: '{field}' is ", error.Message);
    }

    [Theory]
    [InlineData("\"activation_function\": \"relu\"", "activation_function")]
    [InlineData("\"scale_attn_by_inverse_layer_idx\": true", "scale_attn_by_inverse_layer_idx")]
    [InlineData("\"scale_attn_weights\": false", "scale_attn_weights")]
    public void Given_a_gpt2_config_field_that_changes_the_computation_to_one_not_implemented_When_reading_Then_the_error_names_the_field(string fields, string field)
    {
        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceConfig.FromJson(JsonNode.Parse($"{{{TinyGpt2}, {fields}}}")!.AsObject(), "config.json"));

        Assert.StartsWith($"config.json: '{field}' is ", error.Message);
    }

    [Theory]
    [InlineData("\"model_type\": \"llama\", \"rope_scaling\": null, \"hidden_act\": \"silu\", \"head_dim\": 8, \"mlp_bias\": false")]
    [InlineData("\"model_type\": \"llama\", \"rope_scaling\": {\"rope_type\": \"default\"}")]
    [InlineData("\"model_type\": \"mistral\", \"sliding_window\": null")]
    [InlineData("\"model_type\": \"mistral\", \"sliding_window\": 32")]
    [InlineData("\"model_type\": \"qwen2\", \"use_sliding_window\": false, \"sliding_window\": 16")]
    public void Given_a_llama_config_with_those_fields_at_what_the_engine_computes_When_reading_Then_it_loads(string fields)
    {
        var config = HuggingFaceConfig.FromJson(JsonNode.Parse($"{{{fields}, {TinyLlama}}}")!.AsObject(), "config.json");

        Assert.Equal(ModelFamily.Llama, config.Family);
    }

    [Fact]
    public void Given_special_token_ids_When_writing_and_reading_the_config_Then_Hugging_Face_finds_them_by_its_names()
    {
        var config = TinyModels.Gpt2 with { BeginningOfSequenceId = 48, EndOfSequenceId = 49, PaddingId = 47 };

        var json = HuggingFaceConfig.ToJson(config);

        Assert.Equal((48, 49, 47), (json["bos_token_id"]!.GetValue<int>(), json["eos_token_id"]!.GetValue<int>(), json["pad_token_id"]!.GetValue<int>()));
        Assert.Equal(config, HuggingFaceConfig.FromJson(json, "config.json"));
        Assert.False(HuggingFaceConfig.ToJson(TinyModels.Gpt2 with { PaddingId = null }).ContainsKey("pad_token_id"));
    }
}
