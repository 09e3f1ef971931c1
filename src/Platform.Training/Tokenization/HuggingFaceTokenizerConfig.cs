using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Training.Tokenization;

/// <summary>
/// What a model folder's tokenizer_config.json, special_tokens_map.json and added_tokens.json say about
/// special tokens. As in Transformers, special_tokens_map.json wins over tokenizer_config.json.
/// </summary>
/// <param name="NamedTokens">"bos_token", "eos_token", "pad_token", "unk_token" to their text; a key with a null value was declared as none, an absent key was not declared.</param>
/// <param name="AddedTokens">Added tokens with their ids (matched whole in raw text, never split).</param>
/// <param name="AddBosToken">tokenizer_config.json's add_bos_token, when present.</param>
public sealed record HuggingFaceTokenizerConfig(
    IReadOnlyDictionary<string, string?> NamedTokens,
    IReadOnlyDictionary<string, int> AddedTokens,
    IReadOnlyList<string> AdditionalSpecialTokens,
    bool? AddBosToken)
{
    public const string ConfigFileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string AddedTokensFileName = "added_tokens.json";

    public static readonly IReadOnlyList<string> NamedTokenKeys = ["bos_token", "eos_token", "pad_token", "unk_token"];

    public static HuggingFaceTokenizerConfig Read(string folder)
    {
        var config = ReadObject(folder, ConfigFileName);
        var map = ReadObject(folder, SpecialTokensMapFileName);
        var named = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in new[] { config, map })
        {
            foreach (var key in NamedTokenKeys.Where(k => source?.ContainsKey(k) == true))
            {
                named[key] = TokenText(source![key]);
            }
        }

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, token) in config?["added_tokens_decoder"]?.AsObject() ?? [])
        {
            added[TokenText(token) ?? throw Invalid(folder, ConfigFileName, $"added token {id} has no content")] = int.Parse(id, CultureInfo.InvariantCulture);
        }

        foreach (var (token, id) in ReadObject(folder, AddedTokensFileName) ?? [])
        {
            added[token] = id?.GetValue<int>() ?? throw Invalid(folder, AddedTokensFileName, $"'{token}' has no id");
        }

        var additional = (map?["additional_special_tokens"] ?? config?["additional_special_tokens"])?.AsArray()
            .Select(TokenText).OfType<string>().ToList() ?? [];
        var addBos = config?["add_bos_token"]?.GetValue<bool>();
        return new HuggingFaceTokenizerConfig(named, added, additional, addBos);
    }

    private static JsonObject? ReadObject(string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        return File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw Invalid(folder, fileName, "it is not a JSON object")
            : null;
    }

    // Transformers writes a token either as its text or as a serialised AddedToken object with a "content" field.
    private static string? TokenText(JsonNode? node) => node switch
    {
        null => null,
        JsonObject token => token["content"]?.GetValue<string>(),
        _ => node.GetValue<string>(),
    };

    private static InvalidDataException Invalid(string folder, string fileName, string problem) =>
        new($"{fileName} in '{folder}' cannot be read: {problem}.");
}
