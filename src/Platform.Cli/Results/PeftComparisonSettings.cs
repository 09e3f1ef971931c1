namespace Platform.Cli.Results;

/// <summary>The comparison's budget, the same for every method and task.</summary>
internal sealed record PeftComparisonSettings(string BaseModelFolder, IReadOnlyList<int> Seeds, int Steps, int BatchSize, int ContextLength);
