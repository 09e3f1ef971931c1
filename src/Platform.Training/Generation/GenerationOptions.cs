namespace Platform.Training.Generation;

/// <summary>How to continue prompts. Temperature 0 is greedy decoding; the seed makes sampling repeatable.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 64;

    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens before sampling.</summary>
    public int? TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling).</summary>
    public double? TopP { get; init; }

    /// <summary>Above 1 discourages tokens already in the sequence (the CTRL/Hugging Face rule).</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>A sequence ends after producing any of these; its later positions hold <see cref="PadToken"/>.</summary>
    public IReadOnlyList<long> StopTokens { get; init; } = [];

    public long PadToken { get; init; }

    public ulong Seed { get; init; }

    /// <summary>Reuse earlier keys and values (one token per step) instead of re-reading the whole sequence.</summary>
    public bool UseKvCache { get; init; } = true;

    public GenerationOptions Validated()
    {
        Require(MaxNewTokens >= 1, nameof(MaxNewTokens), "must be at least 1");
        Require(double.IsFinite(Temperature) && Temperature >= 0, nameof(Temperature), "must be a finite number ≥ 0");
        Require(TopK is null or >= 1, nameof(TopK), "must be at least 1");
        Require(TopP is null or (> 0 and <= 1), nameof(TopP), "must be in (0, 1]");
        Require(double.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0, nameof(RepetitionPenalty), "must be a finite number > 0");
        return this;
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid generation option: {field} {message}.", field);
        }
    }
}
