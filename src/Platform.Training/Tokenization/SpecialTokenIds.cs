using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>Finds the id of a token written as text, for the tokenizer classes the loader creates.</summary>
internal static class SpecialTokenIds
{
    public static int? Find(Tokenizer tokenizer, string text)
    {
        var (special, vocabulary) = tokenizer switch
        {
            BpeTokenizer bpe => (bpe.SpecialTokens, bpe.Vocabulary),
            SentencePieceTokenizer sentencePiece => (sentencePiece.SpecialTokens, sentencePiece.Vocabulary),
            TiktokenTokenizer tiktoken => (tiktoken.SpecialTokens, null),
            _ => ((IReadOnlyDictionary<string, int>?)null, (IReadOnlyDictionary<string, int>?)null),
        };
        if (special?.TryGetValue(text, out var id) == true || vocabulary?.TryGetValue(text, out id) == true)
        {
            return id;
        }

        // A token that is neither declared special nor spelled the same in the vocabulary is still one if it encodes to a single id.
        var ids = tokenizer.EncodeToIds(text, considerPreTokenization: false, considerNormalization: false);
        return ids.Count == 1 ? ids[0] : null;
    }
}
