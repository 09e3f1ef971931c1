namespace Platform.Domain.Datasets.Formats;

/// <summary>One split of a version: its name, the seed that drew it (none when a column defined it) and its size.</summary>
public sealed record DatasetSplit(string Name, int? Seed, int Size);
