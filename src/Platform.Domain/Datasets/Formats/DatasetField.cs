namespace Platform.Domain.Datasets.Formats;

/// <summary>One field of a version's records and its JSON type (string, number, boolean, array, object).</summary>
public sealed record DatasetField(string Name, string Type);
