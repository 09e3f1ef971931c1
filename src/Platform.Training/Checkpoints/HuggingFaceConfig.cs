using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Training.Models;

namespace Platform.Training.Checkpoints;

/// <summary>Reads and writes config.json with the field names Hugging Face Transformers uses for each family.</summary>
public static class HuggingFaceConfig
{
    /// <summary>
    /// Fields that change what a model computes, for the values the engine computes (absent or null is their
    /// default): a config with another value is refused by the field's name, since it would load and give other
    /// logits than in Hugging Face.
    /// </summary>
    private static readonly ComputedField[] Gpt2Computation =
    [
        new("activation_function", "\"gelu_new\" (GELU, tanh approximation)", (v, _) => IsString(v, "gelu_new", "gelu_pytorch_tanh")),
        new("scale_attn_weights", "true", (v, _) => IsBool(v, true)),
        new("scale_attn_by_inverse_layer_idx", "false", (v, _) => IsBool(v, false)),
    ];

    private static readonly ComputedField[] LlamaComputation =
    [
        new("hidden_act", "\"silu\"", (v, _) => IsString(v, "silu")),
        new("rope_scaling", "none (linear, dynamic and llama3 RoPE scaling are not implemented)", (v, _) => IsDefaultRope(v)),
        new("mlp_bias", "false", (v, _) => IsBool(v, false)),
        new("attention_bias", "false", (v, _) => IsBool(v, false)),
        new("head_dim", "hidden_size / num_attention_heads", (v, json) => v.GetValueKind() == JsonValueKind.Number
            && json["hidden_size"] is JsonValue hidden && json["num_attention_heads"] is JsonValue heads
            && v.GetValue<int>() * heads.GetValue<int>() == hidden.GetValue<int>()),
        new("sliding_window", "a window of at least max_position_embeddings (sliding-window attention is not implemented)", (v, json) =>
            IsSlidingWindowOff(json) || (v.GetValueKind() == JsonValueKind.Number && json["max_position_embeddings"] is JsonValue positions && v.GetValue<int>() >= positions.GetValue<int>())),
    ];

    public static JsonObject ToJson(DecoderConfig config)
    {
        var json = FamilyFields(config);
        foreach (var (field, id) in new[] { ("bos_token_id", config.BeginningOfSequenceId), ("eos_token_id", config.EndOfSequenceId), ("pad_token_id", config.PaddingId) })
        {
            if (id is not null)
            {
                json[field] = id;
            }
        }

        return json;
    }

    private static JsonObject FamilyFields(DecoderConfig config) => config.Family switch
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
        var computation = modelType switch
        {
            "gpt2" => Gpt2Computation,
            "llama" or "mistral" or "qwen2" => LlamaComputation,
            _ => [],
        };
        if (computation.FirstOrDefault(f => json[f.Name] is { } value && !f.IsComputed(value, json)) is { } unsupported)
        {
            throw new InvalidDataException(
                $"{source}: '{unsupported.Name}' is {json[unsupported.Name]!.ToJsonString()}; the engine computes only {unsupported.Computed}, so the model would give other outputs than in Hugging Face.");
        }

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
            "llama" or "mistral" or "qwen2" => new DecoderConfig
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
                $"{source}: model_type '{modelType ?? "(missing)"}' is not supported; supported are gpt2 and the llama family (llama, mistral, qwen2) without attention biases."),
        };
        config = config with
        {
            BeginningOfSequenceId = Optional<int>(json, "bos_token_id"),
            EndOfSequenceId = Optional<int>(json, "eos_token_id"),
            PaddingId = Optional<int>(json, "pad_token_id"),
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

    private static bool IsString(JsonNode value, params string[] computed) =>
        value.GetValueKind() == JsonValueKind.String && computed.Contains(value.GetValue<string>());

    private static bool IsBool(JsonNode value, bool computed) =>
        value.GetValueKind() is JsonValueKind.True or JsonValueKind.False && value.GetValue<bool>() == computed;

    // Transformers writes no scaling as null, or as {"rope_type": "default"} ("type" before 4.45).
    private static bool IsDefaultRope(JsonNode value) =>
        value is JsonObject scaling && (scaling["rope_type"] ?? scaling["type"]) is { } type && IsString(type, "default");

    // Qwen2 states a window and switches it on with use_sliding_window (off by default); Mistral's is always on.
    private static bool IsSlidingWindowOff(JsonObject json) =>
        json["model_type"]?.GetValue<string>() == "qwen2" && !(json["use_sliding_window"] is { } on && IsBool(on, true));

    private sealed record ComputedField(string Name, string Computed, Func<JsonNode, JsonObject, bool> IsComputed);

    private static T Required<T>(JsonObject json, string field, string source) where T : struct =>
        Optional<T>(json, field) is { } value ? value : throw new InvalidDataException($"{source}: required field '{field}' is missing.");

    private static T? Optional<T>(JsonObject json, string field) where T : struct =>
        json[field] is JsonValue value && value.TryGetValue<T>(out var result) ? result : null;
}
