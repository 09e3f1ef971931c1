namespace Platform.Domain.Runs;

/// <summary>A dataset that ships with the platform and needs no registration.</summary>
public sealed record BuiltInDataset(string Id, string DisplayName, string Description);

public static class BuiltInDatasets
{
    public static readonly BuiltInDataset BrownSample = new(
        "brown-sample",
        "Brown corpus sample",
        "Running text from the Brown corpus (1961 American English, 15 genres), kept in the repository.");

    public static IReadOnlyList<BuiltInDataset> All { get; } = [BrownSample];

    public static bool IsKnown(string? id) => All.Any(d => d.Id == id);
}
