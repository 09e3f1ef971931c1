namespace Platform.Domain.BaseModels;

/// <summary>A base model runs can start from: what it is, where its weights are, and its card.</summary>
public sealed record BaseModelSummary
{
    public Guid Id { get; init; }

    public long Version { get; set; }

    public required string Name { get; init; }

    public required string Architecture { get; init; }

    public long Parameters { get; init; }

    public int VocabularySize { get; init; }

    public int ContextLength { get; init; }

    public required string Tokenizer { get; init; }

    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public required string Card { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required string RegisteredBy { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }
}
