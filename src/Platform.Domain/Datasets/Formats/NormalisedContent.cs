namespace Platform.Domain.Datasets.Formats;

/// <summary>
/// An upload that passed every check: its records as canonical JSON lines, the schema they share, the
/// SHA-256 of the canonical JSONL (each line followed by \n) and each record's split.
/// </summary>
public sealed record NormalisedContent(IReadOnlyList<string> Lines, IReadOnlyList<DatasetField> Schema, string Sha256, IReadOnlyList<DatasetSplit> Splits)
{
    public int RecordCount => Lines.Count;
}
