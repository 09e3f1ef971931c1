namespace Platform.Domain.Datasets.Formats;

/// <summary>Limits of what one upload may contain.</summary>
public sealed record ParseOptions
{
    public static ParseOptions Default { get; } = new();

    /// <summary>The longest line (JSONL) or field (CSV) accepted, in bytes; longer ones are rejected without being held in memory whole.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;
}
