using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>A trained byte-level BPE: tokens by id (the 256 byte tokens, the merge results, then the special tokens) and the merges in the order learned.</summary>
public sealed class ByteLevelBpeModel
{
    internal ByteLevelBpeModel(IReadOnlyList<string> tokens, IReadOnlyList<BpeMerge> merges, IReadOnlyList<string> specialTokens)
    {
        Tokens = tokens;
        Merges = merges;
        SpecialTokens = specialTokens;
        var firstSpecialId = tokens.Count - specialTokens.Count;
        SpecialTokenIds = specialTokens.Select((token, i) => (token, id: firstSpecialId + i)).ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);
    }

    /// <summary>Every token, in GPT-2's byte-level spelling, at the index that is its id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<BpeMerge> Merges { get; }

    /// <summary>The special tokens, whose ids are the last ones; the first is the end-of-text token.</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    public IReadOnlyDictionary<string, int> SpecialTokenIds { get; }

    public int VocabularySize => Tokens.Count;

    /// <summary>Writes vocab.json, merges.txt and tokenizer_config.json as Hugging Face's GPT-2 tokenizer saves them.</summary>
    public void Save(string folder) => Gpt2TokenizerFiles.Write(folder, this);

    /// <summary>A Microsoft.ML.Tokenizers tokenizer for this model, with the special tokens encoded to their single ids.</summary>
    public Tokenizer CreateTokenizer() => ByteLevelBpeTokenizerFactory.Create(
        Tokens.Select((token, id) => KeyValuePair.Create(token, id)),
        Merges.Select(m => m.ToString()),
        SpecialTokenIds);
}
