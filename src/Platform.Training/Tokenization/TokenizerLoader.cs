using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>
/// Loads the tokenizer of a model folder through Microsoft.ML.Tokenizers, trying its files in this
/// order: tokenizer.json (when it describes a byte-level BPE), vocab.json + merges.txt (GPT-2),
/// tokenizer.model (SentencePiece), NAME.tiktoken. A file the library cannot run is skipped with its
/// reason; when nothing loads, the error lists every reason.
/// </summary>
public static class TokenizerLoader
{
    public const string SentencePieceFileName = "tokenizer.model";
    private const string EndOfText = ByteLevelBpeTrainingOptions.EndOfText;

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has none of the tokenizer files.</exception>
    /// <exception cref="NotSupportedException">It has some, but none that Microsoft.ML.Tokenizers can run; the message says why.</exception>
    /// <exception cref="InvalidDataException">A declared special token is not in the vocabulary, or a file is malformed.</exception>
    public static LoadedTokenizer Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        }

        var config = HuggingFaceTokenizerConfig.Read(folder);
        var unsupported = new List<string>();

        var tokenizerJson = Path.Combine(folder, HuggingFaceTokenizerJson.FileName);
        if (File.Exists(tokenizerJson))
        {
            var contents = HuggingFaceTokenizerJson.TryLoad(tokenizerJson, out var reason);
            if (contents is not null)
            {
                return ByteLevel(contents.Tokenizer, TokenizerFormat.HuggingFaceTokenizerJson, config, contents.PrependedToken);
            }

            unsupported.Add($"{HuggingFaceTokenizerJson.FileName}: {reason}");
        }

        if (Gpt2TokenizerFiles.ExistIn(folder))
        {
            return ByteLevel(Gpt2(folder, config), TokenizerFormat.Gpt2VocabularyAndMerges, config, prependedToken: null);
        }

        var sentencePiece = Path.Combine(folder, SentencePieceFileName);
        if (File.Exists(sentencePiece))
        {
            return SentencePiece(sentencePiece, config);
        }

        if (TiktokenFile.FindIn(folder) is { } tiktokenPath)
        {
            var loaded = TiktokenFile.TryLoad(tiktokenPath, out var reason);
            if (loaded is var (tiktoken, size))
            {
                var endOfText = tiktoken.SpecialTokens?.TryGetValue(EndOfText, out var id) == true ? new SpecialToken(EndOfText, id) : null;
                return Finish(tiktoken, TokenizerFormat.Tiktoken, size, config,
                    new SpecialTokens(BeginningOfSequence: null, endOfText, Padding: null, Unknown: null, AddBeginningOfSequence: false));
            }

            unsupported.Add($"{Path.GetFileName(tiktokenPath)}: {reason}");
        }

        throw unsupported.Count > 0
            ? new NotSupportedException($"No tokenizer in '{folder}' can be loaded with Microsoft.ML.Tokenizers. Unsupported: {string.Join("; ", unsupported)}.")
            : new FileNotFoundException(
                $"'{folder}' has no tokenizer: expected {HuggingFaceTokenizerJson.FileName}, {Gpt2TokenizerFiles.VocabularyFileName} + {Gpt2TokenizerFiles.MergesFileName}, {SentencePieceFileName} or a *{TiktokenFile.Extension} file.");
    }

    private static BpeTokenizer Gpt2(string folder, HuggingFaceTokenizerConfig config)
    {
        var vocabulary = Gpt2TokenizerFiles.ReadVocabulary(folder);
        // Added tokens come with ids; named ones (and GPT-2's end-of-text when nothing is declared) are looked up in the vocabulary.
        var special = new Dictionary<string, int>(config.AddedTokens, StringComparer.Ordinal);
        var declared = config.NamedTokens.Values.Concat(config.AdditionalSpecialTokens).OfType<string>().DefaultIfEmpty(EndOfText);
        foreach (var token in declared.Where(t => !special.ContainsKey(t) && vocabulary.ContainsKey(t)))
        {
            special[token] = vocabulary[token];
        }

        return ByteLevelBpeTokenizerFactory.Create(vocabulary, Gpt2TokenizerFiles.ReadMerges(folder), special);
    }

    private static LoadedTokenizer ByteLevel(BpeTokenizer tokenizer, TokenizerFormat format, HuggingFaceTokenizerConfig config, string? prependedToken)
    {
        var endOfText = SpecialTokenIds.Find(tokenizer, EndOfText) is { } id ? new SpecialToken(EndOfText, id) : null;
        var size = tokenizer.Vocabulary.Values.Concat(tokenizer.SpecialTokens?.Values ?? []).Max() + 1;
        // Without declarations GPT-2's convention holds: end-of-text is bos, eos and unk. A post-processor that prepends bos says the model expects it.
        var defaults = new SpecialTokens(endOfText, endOfText, Padding: null, endOfText, AddBeginningOfSequence: false);
        var loaded = Finish(tokenizer, format, size, config, defaults);
        return prependedToken is not null && config.AddBosToken is null
            ? loaded with { Special = loaded.Special with { AddBeginningOfSequence = loaded.Special.BeginningOfSequence?.Text == prependedToken } }
            : loaded;
    }

    private static LoadedTokenizer SentencePiece(string path, HuggingFaceTokenizerConfig config)
    {
        using var stream = File.OpenRead(path);
        // SentencePieceTokenizer rather than its subclass LlamaTokenizer: the same tokenizer for BPE models (Llama, Mistral),
        // and it also reads Unigram ones, which LlamaTokenizer.Create rejects. It adds no bos/eos itself:
        // SpecialTokens.AddBeginningOfSequence tells callers to (SentencePiece's and Llama's default is yes).
        var tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false,
            specialTokens: config.AddedTokens.Count > 0 ? config.AddedTokens : null);
        var size = tokenizer.Vocabulary.Values.Concat(tokenizer.SpecialTokens?.Values ?? []).Max() + 1;
        var bos = Declared(tokenizer.BeginningOfSentenceToken, tokenizer.BeginningOfSentenceId);
        var defaults = new SpecialTokens(
            bos,
            Declared(tokenizer.EndOfSentenceToken, tokenizer.EndOfSentenceId),
            Padding: null,
            Declared(tokenizer.UnknownToken, tokenizer.UnknownId),
            AddBeginningOfSequence: bos is not null);
        return Finish(tokenizer, TokenizerFormat.SentencePiece, size, config, defaults);

        // SentencePiece marks a disabled token with id -1.
        static SpecialToken? Declared(string? text, int id) => id >= 0 && !string.IsNullOrEmpty(text) ? new SpecialToken(text, id) : null;
    }

    /// <summary>Applies the folder's declarations over the format's defaults, then pads with eos where no pad is declared.</summary>
    private static LoadedTokenizer Finish(Tokenizer tokenizer, TokenizerFormat format, int vocabularySize, HuggingFaceTokenizerConfig config, SpecialTokens defaults)
    {
        SpecialToken? Resolve(string key, SpecialToken? fallback)
        {
            if (!config.NamedTokens.TryGetValue(key, out var text))
            {
                return fallback;
            }

            return text is null
                ? null
                : new SpecialToken(text, SpecialTokenIds.Find(tokenizer, text)
                    ?? throw new InvalidDataException($"The {key} '{text}' declared for this tokenizer is not a single token of its vocabulary."));
        }

        var endOfSequence = Resolve("eos_token", defaults.EndOfSequence);
        var special = new SpecialTokens(
            Resolve("bos_token", defaults.BeginningOfSequence),
            endOfSequence,
            Resolve("pad_token", defaults.Padding) ?? endOfSequence,
            Resolve("unk_token", defaults.Unknown),
            config.AddBosToken ?? defaults.AddBeginningOfSequence);
        return new LoadedTokenizer(tokenizer, special, format, vocabularySize);
    }
}
