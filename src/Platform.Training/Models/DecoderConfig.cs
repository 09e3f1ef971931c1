namespace Platform.Training.Models;

/// <summary>
/// One immutable description of a decoder-only transformer; derived sizes are computed here once.
/// Field meanings follow Hugging Face's config.json for each family (see Checkpoints/HuggingFaceConfig).
/// </summary>
public sealed record DecoderConfig
{
    public ModelFamily Family { get; init; } = ModelFamily.Gpt2;

    public required int VocabularySize { get; init; }

    /// <summary>Longest sequence the model attends over (GPT-2's n_positions, Llama's max_position_embeddings).</summary>
    public required int ContextLength { get; init; }

    public required int Layers { get; init; }

    public required int Heads { get; init; }

    /// <summary>Key/value heads for grouped-query attention; equal to <see cref="Heads"/> for multi-head attention.</summary>
    public int? KeyValueHeads { get; init; }

    public required int EmbeddingSize { get; init; }

    /// <summary>Hidden width of the MLP; GPT-2 uses 4·C, Llama's checkpoints state it.</summary>
    public int? IntermediateSize { get; init; }

    public double NormEpsilon { get; init; } = 1e-5;

    public double RopeTheta { get; init; } = 10_000;

    public bool TieEmbeddings { get; init; } = true;

    /// <summary>
    /// The tokenizer's special token ids as config.json names them (bos/eos/pad_token_id): Hugging Face's
    /// generation reads them from there (GPT-2's default 50256 lies outside a smaller vocabulary); the engine
    /// reads the tokenizer.
    /// </summary>
    public int? BeginningOfSequenceId { get; init; }

    public int? EndOfSequenceId { get; init; }

    public int? PaddingId { get; init; }

    public int HeadSize => EmbeddingSize / Heads;

    public int KvHeads => KeyValueHeads ?? Heads;

    public int MlpSize => IntermediateSize ?? 4 * EmbeddingSize;

    /// <summary>Throws with a message naming the inconsistent field.</summary>
    public DecoderConfig Validated()
    {
        Require(VocabularySize > 0, nameof(VocabularySize), "must be positive");
        Require(ContextLength > 0, nameof(ContextLength), "must be positive");
        Require(Layers > 0, nameof(Layers), "must be positive");
        Require(Heads > 0 && EmbeddingSize % Heads == 0, nameof(EmbeddingSize), $"must be a positive multiple of Heads ({Heads})");
        Require(KvHeads > 0 && Heads % KvHeads == 0, nameof(KeyValueHeads), $"must divide Heads ({Heads})");
        Require(Family != ModelFamily.Llama || HeadSize % 2 == 0, nameof(EmbeddingSize), "must give an even head size for rotary positions");
        Require(Family != ModelFamily.Gpt2 || KvHeads == Heads, nameof(KeyValueHeads), "must equal Heads for GPT-2");
        return this;
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid model config: {field} {message}.", field);
        }
    }
}
