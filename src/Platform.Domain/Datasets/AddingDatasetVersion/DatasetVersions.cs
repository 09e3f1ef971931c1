using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Datasets.AddingDatasetVersion;

/// <summary>The decision of <see cref="AddDatasetVersion"/>, free of storage so it can be read and tested alone.</summary>
public static class DatasetVersions
{
    /// <summary>
    /// The version the content becomes: the existing one when the dataset already holds the same content split
    /// the same way (a retry or a re-upload appends nothing), else a new version numbered after the last.
    /// </summary>
    public static (Guid VersionId, DatasetVersionAdded? Added) Decide(
        DatasetSummary dataset, NormalisedContent content, SplitSpec split, DatasetSource source, string blobLocation, string actor, DateTimeOffset now, Guid newVersionId)
    {
        if (dataset.Versions.FirstOrDefault(v => v.Sha256 == content.Sha256 && v.Split == split) is { } existing)
        {
            return (existing.VersionId, null);
        }

        return (newVersionId, new DatasetVersionAdded(
            dataset.Id, newVersionId, dataset.Versions.Count + 1, source.Format, content.Schema, content.RecordCount, content.Sha256,
            split, content.Splits, source.Description, blobLocation, actor, now));
    }
}
