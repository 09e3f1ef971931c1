using Marten.Events.Aggregation;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.RegisteringDataset;

namespace Platform.Domain.Datasets;

/// <summary>Folds a dataset's events into its summary; inline, so a version added is listed at once.</summary>
public sealed class DatasetSummaryProjection : SingleStreamProjection<DatasetSummary, Guid>
{
    public static DatasetSummary Create(DatasetRegistered registered) => new()
    {
        Id = registered.DatasetId,
        Name = registered.Name,
        TaskKind = registered.TaskKind,
        Description = registered.Description,
        RegisteredBy = registered.RegisteredBy,
        RegisteredAt = registered.RegisteredAt,
    };

    public static DatasetSummary Apply(DatasetVersionAdded added, DatasetSummary dataset) => dataset with
    {
        Versions =
        [
            .. dataset.Versions,
            new DatasetVersionSummary(
                added.VersionId, added.Number, added.Format, added.Schema, added.RecordCount, added.Sha256, added.Split, added.Splits,
                added.Source, added.BlobLocation, added.AddedBy, added.AddedAt),
        ],
    };
}
