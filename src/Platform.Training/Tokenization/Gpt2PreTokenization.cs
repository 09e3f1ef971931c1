using System.Text.RegularExpressions;

namespace Platform.Training.Tokenization;

/// <summary>
/// GPT-2's pre-tokenisation: text is cut into contractions, words, numbers, punctuation runs and
/// whitespace (a word keeps one leading space) before BPE runs inside each piece. Training and
/// encoding use the same pattern, so every merge learned is one the encoder can apply.
/// </summary>
public static partial class Gpt2PreTokenization
{
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Pattern)]
    public static partial Regex Regex();
}
