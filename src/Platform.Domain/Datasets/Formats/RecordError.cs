namespace Platform.Domain.Datasets.Formats;

/// <summary>Why one line (JSONL, CSV) or row (Parquet, imported records; 1-based) is not a valid record.</summary>
public sealed record RecordError(long Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}
