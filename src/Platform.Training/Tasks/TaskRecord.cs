using System.Text.Json.Nodes;

namespace Platform.Training.Tasks;

/// <summary>One record of a dataset version and the split it belongs to (train, validation, test).</summary>
public sealed record TaskRecord(JsonObject Fields, string Split)
{
    /// <summary>A required string field.</summary>
    /// <exception cref="InvalidDataException">The field is missing or not a string.</exception>
    public string Text(string field) =>
        Fields[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidDataException($"A record has no string field '{field}'.");
}
