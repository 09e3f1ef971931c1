using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Domain.Datasets.Formats;

/// <summary>
/// Turns an upload or an importer's records into <see cref="NormalisedContent"/>, or into the list of every
/// bad line with its reason. Any error means no content: a file is accepted whole or not at all.
/// </summary>
public static class DatasetContent
{
    public static IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(Stream stream, DatasetFileFormat format, DatasetTaskKind kind, ParseOptions options) =>
        format switch
        {
            DatasetFileFormat.Jsonl => JsonlRecordReader.Read(stream, options),
            DatasetFileFormat.Csv => CsvRecordReader.Read(stream, kind, options),
            DatasetFileFormat.Parquet => ParquetRecordReader.Read(stream),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Only files are read from a stream."),
        };

    public static (NormalisedContent? Content, IReadOnlyList<RecordError> Errors) Normalise(
        IEnumerable<(long Line, JsonObject? Record, string? Error)> rows, DatasetTaskKind kind, SplitSpec split)
    {
        var errors = new List<RecordError>();
        var lines = new List<string>();
        var columnSplits = new List<string>();
        var ids = new Dictionary<string, long>();
        var fields = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (line, record, error) in rows)
        {
            if (record is null)
            {
                errors.Add(new RecordError(line, error ?? "not a record"));
                continue;
            }

            var reasons = RecordSchemas.Normalise(kind, record).ToList();
            if (record["id"] is { } id && reasons.Count == 0)
            {
                var key = CanonicalJson.Serialize(id);
                if (ids.TryGetValue(key, out var firstLine))
                {
                    reasons.Add($"duplicate id {key} (first on line {firstLine})");
                }
                else
                {
                    ids[key] = line;
                }
            }

            if (split.Column is { } column)
            {
                var value = record[column]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? record[column]!.GetValue<string>() : null;
                if (value is null || !SplitSpec.Names.Contains(value))
                {
                    reasons.Add($"split column '{column}' must be one of {string.Join(", ", SplitSpec.Names)}");
                }
                else
                {
                    columnSplits.Add(value);
                }
            }

            if (reasons.Count > 0)
            {
                errors.Add(new RecordError(line, string.Join("; ", reasons)));
                continue;
            }

            foreach (var (name, value) in record)
            {
                (fields.TryGetValue(name, out var types) ? types : fields[name] = new SortedSet<string>(StringComparer.Ordinal)).Add(RecordSchemas.TypeName(value));
            }

            lines.Add(CanonicalJson.Serialize(record));
        }

        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new RecordError(1, "the file holds no records"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var splits = split.Column is null
            ? DatasetSplits.Summarise(DatasetSplits.Assign(lines.Count, split), split.Seed)
            : DatasetSplits.Summarise(columnSplits, null);
        var schema = fields.Select(f => new DatasetField(f.Key, string.Join("|", f.Value))).ToList();
        return (new NormalisedContent(lines, schema, Sha256(lines), splits), []);
    }

    /// <summary>The canonical JSONL as UTF-8 bytes: what the blob store holds and the hash covers.</summary>
    public static byte[] ToJsonl(IReadOnlyList<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static string Sha256(IReadOnlyList<string> lines) => Convert.ToHexStringLower(SHA256.HashData(ToJsonl(lines)));
}
