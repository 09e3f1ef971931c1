using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Training.Tokenization;

/// <summary>
/// The files of a Hugging Face GPT-2 tokenizer folder: vocab.json (token to id), merges.txt (a
/// "#version: 0.2" line, then one "left right" merge per line in priority order) and
/// tokenizer_config.json, written as Transformers' <c>GPT2Tokenizer.save_pretrained</c> writes them.
/// </summary>
public static class Gpt2TokenizerFiles
{
    public const string VocabularyFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    public const string MergesHeader = "#version: 0.2";

    public static bool ExistIn(string folder) =>
        File.Exists(Path.Combine(folder, VocabularyFileName)) && File.Exists(Path.Combine(folder, MergesFileName));

    public static void Write(string folder, ByteLevelBpeModel model)
    {
        Directory.CreateDirectory(folder);
        var vocabulary = new JsonObject(model.Tokens.Select((token, id) => KeyValuePair.Create(token, (JsonNode?)id)));
        WriteUtf8(Path.Combine(folder, VocabularyFileName), PythonJson.Serialize(vocabulary));
        WriteUtf8(Path.Combine(folder, MergesFileName), string.Concat(model.Merges.Select(m => m + "\n").Prepend(MergesHeader + "\n")));
        WriteUtf8(Path.Combine(folder, HuggingFaceTokenizerConfig.ConfigFileName), PythonJson.Serialize(Config(model)));
    }

    public static Dictionary<string, int> ReadVocabulary(string folder)
    {
        using var stream = File.OpenRead(Path.Combine(folder, VocabularyFileName));
        return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
            ?? throw new InvalidDataException($"{VocabularyFileName} in '{folder}' is not a JSON object of token ids.");
    }

    /// <summary>The merges in priority order, without the version header.</summary>
    public static List<string> ReadMerges(string folder) =>
        [.. File.ReadLines(Path.Combine(folder, MergesFileName)).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))];

    // GPT-2 uses its end-of-text token as bos, eos and unk, and has no pad token (the loader then pads with eos).
    private static JsonObject Config(ByteLevelBpeModel model)
    {
        var endOfText = model.SpecialTokens.Count > 0 ? model.SpecialTokens[0] : null;
        var addedTokens = new JsonObject(model.SpecialTokenIds.Select(p => KeyValuePair.Create(p.Value.ToString(CultureInfo.InvariantCulture), (JsonNode?)new JsonObject
        {
            ["content"] = p.Key,
            ["lstrip"] = false,
            ["normalized"] = false,
            ["rstrip"] = false,
            ["single_word"] = false,
            ["special"] = true,
        })));
        var config = new JsonObject
        {
            ["add_bos_token"] = false,
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = addedTokens,
            ["bos_token"] = endOfText,
            ["clean_up_tokenization_spaces"] = false,
            ["eos_token"] = endOfText,
            ["errors"] = "replace",
            ["pad_token"] = null,
            ["tokenizer_class"] = "GPT2Tokenizer",
            ["unk_token"] = endOfText,
        };
        if (model.SpecialTokens.Count > 1)
        {
            config["additional_special_tokens"] = new JsonArray([.. model.SpecialTokens.Skip(1).Select(t => (JsonNode?)t)]);
        }

        return config;
    }

    // No byte-order mark, "\n" line ends: what Python's open(..., "w", encoding="utf-8") writes on Linux.
    private static void WriteUtf8(string path, string content) => File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
}
