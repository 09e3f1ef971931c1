namespace Platform.Domain.Datasets.Formats;

/// <summary>How a dataset version's records arrived; the stored blob is always canonical JSONL.</summary>
public enum DatasetFileFormat
{
    Jsonl,
    Csv,
    Parquet,

    /// <summary>Records produced in process by a built-in importer.</summary>
    Records,
}
