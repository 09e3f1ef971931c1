using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace Platform.Domain.Datasets.Formats;

/// <summary>
/// Reads CSV with a header row naming the fields. Cells are strings, except the fields a kind keeps as
/// arrays (chat messages, tokens, tags), whose cells hold JSON. Empty optional cells are left out.
/// </summary>
public static class CsvRecordReader
{
    public static IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(Stream stream, DatasetTaskKind kind, ParseOptions options)
    {
        var lineErrors = new List<Utf8Line>();
        using var text = new LinesReader(Utf8Lines.Read(stream, options.MaxRecordBytes), lineErrors);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true, MaxFieldSize = options.MaxRecordBytes };
        using var csv = new CsvReader(text, configuration);
        string[]? header = null;
        while (true)
        {
            (long Line, JsonObject? Record, string? Error) row;
            try
            {
                if (!csv.Read())
                {
                    break;
                }

                if (header is null)
                {
                    csv.ReadHeader();
                    header = csv.HeaderRecord!;
                    continue;
                }

                row = ToRecord(csv, header, kind);
            }
            catch (CsvHelperException e)
            {
                row = (csv.Parser.RawRow, null, $"not valid CSV: {e.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal)}");
            }

            foreach (var error in lineErrors)
            {
                yield return (error.Number, null, error.Error);
            }

            lineErrors.Clear();
            yield return row;
        }

        foreach (var error in lineErrors)
        {
            yield return (error.Number, null, error.Error);
        }
    }

    private static (long, JsonObject?, string?) ToRecord(CsvReader csv, string[] header, DatasetTaskKind kind)
    {
        var line = csv.Parser.RawRow;
        var record = new JsonObject();
        for (var i = 0; i < header.Length; i++)
        {
            var cell = csv.GetField(i) ?? string.Empty;
            if (!RecordSchemas.IsStructured(kind, header[i]))
            {
                if (cell.Length > 0 || RecordSchemas.RequiredFields(kind).Contains(header[i]))
                {
                    record[header[i]] = cell;
                }

                continue;
            }

            try
            {
                record[header[i]] = JsonNode.Parse(cell);
            }
            catch (JsonException)
            {
                return (line, null, $"column '{header[i]}' must hold a JSON array");
            }
        }

        return (line, record, null);
    }

    /// <summary>Feeds CsvHelper the checked lines; a line that failed (bad UTF-8, too long) is recorded and read as empty.</summary>
    private sealed class LinesReader(IEnumerable<Utf8Line> lines, List<Utf8Line> errors) : TextReader
    {
        private readonly IEnumerator<Utf8Line> lines = lines.GetEnumerator();
        private string pending = string.Empty;
        private int position;

        public override int Read(char[] buffer, int index, int count)
        {
            while (position >= pending.Length)
            {
                if (!lines.MoveNext())
                {
                    return 0;
                }

                var line = lines.Current;
                if (line.Error is not null)
                {
                    errors.Add(line);
                }

                pending = (line.Text ?? string.Empty) + "\n";
                position = 0;
            }

            var n = Math.Min(count, pending.Length - position);
            pending.CopyTo(position, buffer, index, n);
            position += n;
            return n;
        }

        public override int Read()
        {
            var one = new char[1];
            return Read(one, 0, 1) == 0 ? -1 : one[0];
        }

        protected override void Dispose(bool disposing)
        {
            lines.Dispose();
            base.Dispose(disposing);
        }
    }
}
