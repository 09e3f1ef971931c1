using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json. Microsoft.ML.Tokenizers has no reader for this file, so the
/// supported case is mapped onto <see cref="BpeTokenizer"/> by hand: a byte-level BPE (GPT-2, GPT-NeoX,
/// Llama 3, Qwen-style pre-tokenizers without a normaliser), split either by GPT-2's pattern or by one
/// Split regex followed by ByteLevel. Everything else is reported as unsupported with the reason, so
/// that the loader can try the folder's other files.
/// </summary>
/// <remarks>
/// Two known, small differences from Hugging Face: "ignore_merges" (Llama 3) is not honoured, so a word
/// that is itself in the vocabulary is still built through the merges; and .NET's regex sees a letter
/// outside the Basic Multilingual Plane as two surrogates rather than as \p{L}. Both change how rare
/// text is segmented, never whether it decodes back to itself.
/// </remarks>
internal static class HuggingFaceTokenizerJson
{
    public const string FileName = "tokenizer.json";

    /// <param name="PrependedToken">The special token the post-processor puts in front of every sequence (Llama's bos), if any.</param>
    public sealed record Contents(BpeTokenizer Tokenizer, string? PrependedToken);

    /// <returns>The tokenizer, or null with <paramref name="unsupported"/> naming what Microsoft.ML.Tokenizers cannot run.</returns>
    public static Contents? TryLoad(string path, out string? unsupported)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidDataException($"'{path}' is not a JSON object.");
        var model = json["model"]?.AsObject() ?? throw new InvalidDataException($"'{path}' has no \"model\".");

        unsupported = UnsupportedModel(model) ?? UnsupportedNormalizer(json["normalizer"]);
        var pattern = unsupported is null ? SplitPattern(json["pre_tokenizer"], out unsupported) : null;
        if (pattern is null)
        {
            return null;
        }

        var vocabulary = model["vocab"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<int>()));
        var merges = model["merges"]?.AsArray().Select(MergeLine).ToList() ?? [];
        var addedTokens = (json["added_tokens"]?.AsArray() ?? [])
            .Select(t => t!.AsObject())
            .ToDictionary(t => t["content"]!.GetValue<string>(), t => t["id"]!.GetValue<int>(), StringComparer.Ordinal);
        var tokenizer = ByteLevelBpeTokenizerFactory.Create(vocabulary, merges, addedTokens, pattern);
        return new Contents(tokenizer, PrependedToken(json["post_processor"]));
    }

    private static string? UnsupportedModel(JsonObject model)
    {
        var type = model["type"]?.GetValue<string>() ?? "BPE";
        if (type != "BPE")
        {
            return $"model type '{type}' (only byte-level BPE is read from tokenizer.json)";
        }

        if (model["byte_fallback"]?.GetValue<bool>() == true)
        {
            return "BPE with byte_fallback (a converted SentencePiece model; its tokenizer.model can be loaded instead)";
        }

        return !string.IsNullOrEmpty(model["continuing_subword_prefix"]?.GetValue<string>()) || !string.IsNullOrEmpty(model["end_of_word_suffix"]?.GetValue<string>())
            ? "BPE with a continuing-subword prefix or end-of-word suffix"
            : null;
    }

    // Unicode normalisation is a no-op in this solution (InvariantGlobalization), so no normaliser could be honoured.
    private static string? UnsupportedNormalizer(JsonNode? normalizer) => normalizer is null
        ? null
        : $"normalizer '{normalizer["type"]?.GetValue<string>()}'";

    private static Regex? SplitPattern(JsonNode? preTokenizer, out string? unsupported)
    {
        unsupported = null;
        var steps = preTokenizer?["type"]?.GetValue<string>() == "Sequence"
            ? preTokenizer["pretokenizers"]!.AsArray().Select(s => s!.AsObject()).ToList()
            : preTokenizer is null ? [] : [preTokenizer.AsObject()];
        var names = string.Join(" + ", steps.Select(s => s["type"]?.GetValue<string>()));
        switch (steps)
        {
            case [var byteLevel] when IsByteLevel(byteLevel, usesRegex: true):
                return Gpt2PreTokenization.Regex();
            case [var split, var byteLevel] when IsIsolatingRegexSplit(split) && IsByteLevel(byteLevel, usesRegex: false):
                var pattern = split["pattern"]!["Regex"]!.GetValue<string>();
                try
                {
                    return new Regex(pattern, RegexOptions.Compiled);
                }
                catch (ArgumentException e)
                {
                    unsupported = $"Split pattern '{pattern}', which .NET regular expressions cannot parse ({e.Message})";
                    return null;
                }
            default:
                unsupported = $"pre-tokenizer '{(names.Length == 0 ? "none" : names)}' (supported: ByteLevel, or Split(Regex) + ByteLevel, without add_prefix_space)";
                return null;
        }
    }

    private static bool IsByteLevel(JsonObject step, bool usesRegex) =>
        step["type"]?.GetValue<string>() == "ByteLevel"
        && step["add_prefix_space"]?.GetValue<bool>() != true
        && (step["use_regex"]?.GetValue<bool>() ?? true) == usesRegex;

    private static bool IsIsolatingRegexSplit(JsonObject step) =>
        step["type"]?.GetValue<string>() == "Split"
        && step["pattern"]?["Regex"] is not null
        && step["behavior"]?.GetValue<string>() == "Isolated"
        && step["invert"]?.GetValue<bool>() != true;

    // Older files write a merge as "left right", newer ones as ["left", "right"].
    private static string MergeLine(JsonNode? merge) => merge is JsonArray pair
        ? $"{pair[0]!.GetValue<string>()} {pair[1]!.GetValue<string>()}"
        : merge!.GetValue<string>();

    private static string? PrependedToken(JsonNode? postProcessor)
    {
        var processors = postProcessor?["type"]?.GetValue<string>() == "Sequence"
            ? postProcessor["processors"]!.AsArray()
            : new JsonArray(postProcessor?.DeepClone());
        var template = processors.FirstOrDefault(p => p?["type"]?.GetValue<string>() == "TemplateProcessing");
        return template?["single"]?.AsArray().FirstOrDefault()?["SpecialToken"]?["id"]?.GetValue<string>();
    }
}
