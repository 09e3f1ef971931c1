using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>
/// Builds Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> with byte-level semantics for a GPT-2 style
/// vocabulary. This combination (ByteLevel on, a regex pre-tokenizer, special tokens passed explicitly)
/// is the one of the library's BPE classes that round-trips any UTF-8 text and keeps the ids of the
/// given vocabulary: <c>CodeGenTokenizer</c> pins <c>&lt;|endoftext|&gt;</c> to GPT-2's id 50256, and
/// <c>EnglishRobertaTokenizer</c> drops characters it does not know. Without a pre-tokenizer the
/// library splits on whitespace and loses it.
/// </summary>
public static class ByteLevelBpeTokenizerFactory
{
    /// <param name="vocabulary">Token (byte-level spelling) to id, special tokens included or not.</param>
    /// <param name="merges">Merges in priority order, each as "left right" (no "#version" header).</param>
    /// <param name="specialTokens">Tokens matched in the raw text before pre-tokenisation and encoded to their single id.</param>
    /// <param name="preTokenization">The split pattern; GPT-2's when null.</param>
    public static BpeTokenizer Create(
        IEnumerable<KeyValuePair<string, int>> vocabulary,
        IEnumerable<string> merges,
        IReadOnlyDictionary<string, int> specialTokens,
        Regex? preTokenization = null)
    {
        var special = specialTokens.Count > 0 ? specialTokens : null;
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(preTokenization ?? Gpt2PreTokenization.Regex(), special),
            SpecialTokens = special,
        });
    }
}
