using Platform.Domain.Runs;

namespace Platform.Training.Data;

/// <summary>Reads the text of a built-in dataset embedded in this assembly.</summary>
public static class BuiltInDatasetLoader
{
    public static string LoadText(string datasetId)
    {
        if (!BuiltInDatasets.IsKnown(datasetId))
        {
            throw new ArgumentException($"Unknown built-in dataset '{datasetId}'.", nameof(datasetId));
        }

        using var stream = typeof(BuiltInDatasetLoader).Assembly.GetManifestResourceStream($"Platform.Training.Data.BuiltIn.{datasetId}.txt")
            ?? throw new InvalidOperationException($"The text of built-in dataset '{datasetId}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
