using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Domain.Datasets.Formats;

/// <summary>Reads JSON Lines: one JSON object per line; blank lines are ignored.</summary>
public static class JsonlRecordReader
{
    public static IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(Stream stream, ParseOptions options)
    {
        foreach (var line in Utf8Lines.Read(stream, options.MaxRecordBytes))
        {
            if (line.Error is not null)
            {
                yield return (line.Number, null, line.Error);
                if (line.Error == Utf8Lines.Utf16Message)
                {
                    yield break;
                }
            }
            else if (!string.IsNullOrWhiteSpace(line.Text))
            {
                yield return Parse(line.Number, line.Text);
            }
        }
    }

    private static (long, JsonObject?, string?) Parse(long number, string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject record
                ? (number, record, null)
                : (number, null, "a line must hold one JSON object");
        }
        catch (JsonException e)
        {
            return (number, null, $"not valid JSON: {e.Message}");
        }
    }
}
