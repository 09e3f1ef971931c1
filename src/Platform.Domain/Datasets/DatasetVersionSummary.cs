using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Datasets;

/// <summary>One immutable version of a dataset, as <c>DatasetVersionAdded</c> recorded it.</summary>
public sealed record DatasetVersionSummary(
    Guid VersionId,
    int Number,
    DatasetFileFormat Format,
    IReadOnlyList<DatasetField> Schema,
    int RecordCount,
    string Sha256,
    SplitSpec Split,
    IReadOnlyList<DatasetSplit> Splits,
    string Source,
    string BlobLocation,
    string AddedBy,
    DateTimeOffset AddedAt);
