namespace Platform.Training.Tokenization;

/// <summary>Settings of <see cref="ByteLevelBpeTrainer"/>.</summary>
public sealed record ByteLevelBpeTrainingOptions
{
    public const string EndOfText = "<|endoftext|>";

    /// <summary>
    /// The size of the whole vocabulary: the 256 byte tokens, the learned merges and the special tokens.
    /// Training stops earlier when no pair occurs <see cref="MinimumPairFrequency"/> times any more.
    /// </summary>
    public required int VocabularySize { get; init; }

    /// <summary>
    /// Tokens that are never split and never learned from: their occurrences in the training text are
    /// cut out before counting. They take the last ids, in this order (as GPT-2's <c>&lt;|endoftext|&gt;</c>
    /// is its last id). The first one is the end-of-text token, which GPT-2 also uses as bos and unk.
    /// </summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = [EndOfText];

    /// <summary>A pair seen fewer times than this is not merged: a merge seen once only memorises the training text.</summary>
    public int MinimumPairFrequency { get; init; } = 2;
}
