using System.Text.Json.Nodes;
using Platform.Training.Models;

namespace Platform.Training.Checkpoints;

/// <summary>Reads and writes config.json with the field names Hugging Face Transformers uses for each family.</summary>
public static class HuggingFaceConfig
{
    public static JsonObject ToJson(DecoderConfig config) => config.Family switch
    {
        ModelFamily.Gpt2 => new JsonObject
        {
            ["model_type"] = "gpt2",
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["vocab_size"] = config.VocabularySize,
            ["n_positions"] = config.ContextLength,
            ["n_embd"] = config.EmbeddingSize,
            ["n_layer"] = config.Layers,
            ["n_head"] = config.Heads,
            ["n_inner"] = config.IntermediateSize, // null means 4·n_embd, as in Transformers
            ["layer_norm_epsilon"] = config.NormEpsilon,
            ["activation_function"] = "gelu_new",
            ["tie_word_embeddings"] = config.TieEmbeddings,
        },
        ModelFamily.Llama => new JsonObject
        {
            ["model_type"] = "llama",
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["vocab_size"] = config.VocabularySize,
            ["max_position_embeddings"] = config.ContextLength,
            ["hidden_size"] = config.EmbeddingSize,
            ["intermediate_size"] = config.MlpSize,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["num_key_value_heads"] = config.KvHeads,
            ["rms_norm_eps"] = config.NormEpsilon,
            ["rope_theta"] = config.RopeTheta,
            ["hidden_act"] = "silu",
            ["tie_word_embeddings"] = config.TieEmbeddings,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Family, "Unknown model family."),
    };

    /// <exception cref="InvalidDataException">The file names an unsupported model type or lacks a required field.</exception>
    public static DecoderConfig FromJson(JsonObject json, string source)
    {
        var modelType = json["model_type"]?.GetValue<string>();
        var config = modelType switch
        {
            "gpt2" => new DecoderConfig
            {
                Family = ModelFamily.Gpt2,
                VocabularySize = Required<int>(json, "vocab_size", source),
                ContextLength = Required<int>(json, "n_positions", source),
                EmbeddingSize = Required<int>(json, "n_embd", source),
                Layers = Required<int>(json, "n_layer", source),
                Heads = Required<int>(json, "n_head", source),
                IntermediateSize = Optional<int>(json, "n_inner"),
                NormEpsilon = Optional<double>(json, "layer_norm_epsilon") ?? 1e-5,
                TieEmbeddings = Optional<bool>(json, "tie_word_embeddings") ?? true,
            },
            "llama" or "mistral" or "qwen2" when json["attention_bias"]?.GetValue<bool>() is not true => new DecoderConfig
            {
                Family = ModelFamily.Llama,
                VocabularySize = Required<int>(json, "vocab_size", source),
                ContextLength = Required<int>(json, "max_position_embeddings", source),
                EmbeddingSize = Required<int>(json, "hidden_size", source),
                IntermediateSize = Required<int>(json, "intermediate_size", source),
                Layers = Required<int>(json, "num_hidden_layers", source),
                Heads = Required<int>(json, "num_attention_heads", source),
                KeyValueHeads = Optional<int>(json, "num_key_value_heads"),
                NormEpsilon = Optional<double>(json, "rms_norm_eps") ?? 1e-6,
                RopeTheta = Optional<double>(json, "rope_theta") ?? 10_000,
                TieEmbeddings = Optional<bool>(json, "tie_word_embeddings") ?? false,
            },
            _ => throw new InvalidDataException(
                $"{source}: model_type '{modelType ?? "(missing)"}' is not supported; supported are gpt2 and llama-family decoders without attention biases."),
        };
        try
        {
            return config.Validated();
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"{source}: {error.Message}", error);
        }
    }

    private static T Required<T>(JsonObject json, string field, string source) where T : struct =>
        Optional<T>(json, field) is { } value ? value : throw new InvalidDataException($"{source}: required field '{field}' is missing.");

    private static T? Optional<T>(JsonObject json, string field) where T : struct =>
        json[field] is JsonValue value && value.TryGetValue<T>(out var result) ? result : null;
}
