using System.Collections;
using System.Text.Json.Nodes;
using Parquet.Serialization;

namespace Platform.Domain.Datasets.Formats;

/// <summary>Reads a Parquet file's rows as records (row numbers count from 1); nested lists and structs become JSON arrays and objects.</summary>
public static class ParquetRecordReader
{
    public static IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(Stream stream)
    {
        IList<Dictionary<string, object>> rows;
        try
        {
            rows = ReadRows(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or Parquet.ParquetException)
        {
            return [(1, null, $"not a readable Parquet file: {e.Message}")];
        }

        return rows.Select((row, i) => ((long)i + 1, (JsonObject?)ToJson(row), (string?)null));
    }

    private static IList<Dictionary<string, object>> ReadRows(Stream stream)
    {
        // Parquet keeps its footer at the end, so the reader needs to seek.
        using var seekable = new MemoryStream();
        stream.CopyTo(seekable);
        seekable.Position = 0;
        return ParquetSerializer.DeserializeUntypedAsync(seekable).GetAwaiter().GetResult().Data;
    }

    private static JsonObject ToJson(IDictionary<string, object> row)
    {
        var record = new JsonObject();
        foreach (var (name, value) in row)
        {
            if (value is not null)
            {
                record[name] = ToJsonNode(value);
            }
        }

        return record;
    }

    private static JsonNode? ToJsonNode(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        IDictionary<string, object> nested => ToJson(nested),
        IEnumerable items and not byte[] => new JsonArray(items.Cast<object?>().Select(ToJsonNode).ToArray()),
        _ => JsonValue.Create(value),
    };
}
