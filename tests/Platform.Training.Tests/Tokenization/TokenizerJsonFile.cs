using System.Text.Json.Nodes;
using Platform.Training.Tokenization;

namespace Platform.Training.Tests.Tokenization;

/// <summary>Writes a trained model as a Hugging Face tokenizer.json, in the layouts GPT-2 and Llama 3 use.</summary>
internal static class TokenizerJsonFile
{
    // Llama 3's split pattern (case-insensitive contractions, digits in threes, newlines kept with punctuation).
    public const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static JsonObject Gpt2Style(ByteLevelBpeModel model) => Build(
        model,
        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
        new JsonArray([.. model.Merges.Select(m => (JsonNode?)m.ToString())]));

    /// <summary>Split(Regex) + ByteLevel, merges as pairs, and a template that puts <paramref name="bos"/> in front.</summary>
    public static JsonObject Llama3Style(ByteLevelBpeModel model, string bos, string pattern = Llama3Pattern) => Build(
        model,
        new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        },
        new JsonObject
        {
            ["type"] = "Sequence",
            ["processors"] = new JsonArray(
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
                new JsonObject
                {
                    ["type"] = "TemplateProcessing",
                    ["single"] = new JsonArray(
                        new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = bos, ["type_id"] = 0 } },
                        new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                }),
        },
        new JsonArray([.. model.Merges.Select(m => (JsonNode?)new JsonArray(m.Left, m.Right))]));

    private static JsonObject Build(ByteLevelBpeModel model, JsonObject preTokenizer, JsonObject postProcessor, JsonArray merges) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = new JsonArray([.. model.SpecialTokenIds.Select(p => (JsonNode?)new JsonObject
        {
            ["id"] = p.Value,
            ["content"] = p.Key,
            ["single_word"] = false,
            ["lstrip"] = false,
            ["rstrip"] = false,
            ["normalized"] = false,
            ["special"] = true,
        })]),
        ["normalizer"] = null,
        ["pre_tokenizer"] = preTokenizer,
        ["post_processor"] = postProcessor,
        ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
        ["model"] = new JsonObject
        {
            ["type"] = "BPE",
            ["dropout"] = null,
            ["unk_token"] = null,
            ["continuing_subword_prefix"] = "",
            ["end_of_word_suffix"] = "",
            ["fuse_unk"] = false,
            ["byte_fallback"] = false,
            ["vocab"] = new JsonObject(model.Tokens.Select((token, id) => KeyValuePair.Create(token, (JsonNode?)id))),
            ["merges"] = merges,
        },
    };
}
