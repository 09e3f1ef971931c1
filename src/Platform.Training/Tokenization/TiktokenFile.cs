using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>
/// A <c>NAME.tiktoken</c> rank file (base64 token bytes and rank per line) of one of OpenAI's encodings.
/// The file holds only the ranks; the split pattern and special tokens of the encoding come from
/// Microsoft.ML.Tokenizers, which knows them by a model name, so the file's name must be a known encoding.
/// </summary>
internal static class TiktokenFile
{
    public const string Extension = ".tiktoken";

    // A model that Microsoft.ML.Tokenizers maps to each encoding.
    private static readonly Dictionary<string, string> ModelOfEncoding = new(StringComparer.Ordinal)
    {
        ["o200k_base"] = "gpt-4o",
        ["cl100k_base"] = "gpt-4",
        ["p50k_base"] = "text-davinci-003",
        ["p50k_edit"] = "text-davinci-edit-001",
        ["r50k_base"] = "davinci",
        ["gpt2"] = "gpt2",
    };

    public static string? FindIn(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).FirstOrDefault();

    /// <returns>The tokenizer and one more than its largest id, or null with <paramref name="unsupported"/> saying why.</returns>
    public static (TiktokenTokenizer Tokenizer, int VocabularySize)? TryLoad(string path, out string? unsupported)
    {
        var encoding = Path.GetFileNameWithoutExtension(path);
        if (!ModelOfEncoding.TryGetValue(encoding, out var model))
        {
            unsupported = $"tiktoken encoding '{encoding}' (known: {string.Join(", ", ModelOfEncoding.Keys)})";
            return null;
        }

        unsupported = null;
        using var stream = File.OpenRead(path);
        var tokenizer = TiktokenTokenizer.CreateForModel(model, stream);
        var largestId = Math.Max(LargestRank(path), tokenizer.SpecialTokens?.Values.DefaultIfEmpty(-1).Max() ?? -1);
        return (tokenizer, largestId + 1);
    }

    // A line is "base64 rank", or just "base64" with the line number as its rank.
    private static int LargestRank(string path) => File.ReadLines(path)
        .Select((line, number) => (line, number))
        .Where(l => l.line.Length > 0)
        .Select(l => l.line.IndexOf(' ') is var space and > 0 ? int.Parse(l.line.AsSpan(space + 1), CultureInfo.InvariantCulture) : l.number)
        .DefaultIfEmpty(-1)
        .Max();
}
