using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Domain.Datasets.Formats;

/// <summary>
/// The record schema of each task kind: which fields a record must carry and of which type. Other fields
/// (an <c>id</c>, a split column, metadata) are kept as they are.
/// </summary>
public static class RecordSchemas
{
    private static readonly string[] ChatRoles = ["system", "user", "assistant"];

    /// <summary>The fields a record of this kind must have, in the order a CSV header usually lists them.</summary>
    public static IReadOnlyList<string> RequiredFields(DatasetTaskKind kind) => kind switch
    {
        DatasetTaskKind.Instruction => ["instruction", "input", "output"],
        DatasetTaskKind.Chat => ["messages"],
        DatasetTaskKind.Preference => ["prompt", "chosen", "rejected"],
        DatasetTaskKind.Classification => ["text", "label"],
        DatasetTaskKind.Text => ["text"],
        DatasetTaskKind.TokenTagging => ["tokens", "tags"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Fields that hold JSON arrays rather than strings (in a CSV cell they are written as JSON).</summary>
    public static bool IsStructured(DatasetTaskKind kind, string field) =>
        (kind, field) is (DatasetTaskKind.Chat, "messages") or (DatasetTaskKind.TokenTagging, "tokens" or "tags");

    /// <summary>
    /// Brings a record to its canonical shape (an instruction's missing <c>input</c> becomes ""), then
    /// checks it against the kind's schema: the reasons it is invalid, none when it is valid.
    /// </summary>
    public static IReadOnlyList<string> Normalise(DatasetTaskKind kind, JsonObject record)
    {
        if (kind == DatasetTaskKind.Instruction && !record.ContainsKey("input"))
        {
            record["input"] = string.Empty;
        }

        var reasons = new List<string>();
        foreach (var field in RequiredFields(kind))
        {
            if (!record.TryGetPropertyValue(field, out var value) || value is null)
            {
                reasons.Add($"missing field '{field}'");
            }
            else if (!IsStructured(kind, field) && !IsString(value))
            {
                reasons.Add($"field '{field}' must be a string, not {TypeName(value)}");
            }
        }

        if (reasons.Count == 0)
        {
            reasons.AddRange(kind switch
            {
                DatasetTaskKind.Chat => CheckMessages(record["messages"]!),
                DatasetTaskKind.TokenTagging => CheckTokensAndTags(record["tokens"]!, record["tags"]!),
                DatasetTaskKind.Instruction => NotBlank(record, "instruction", "output"),
                DatasetTaskKind.Preference => NotBlank(record, "prompt", "chosen", "rejected"),
                DatasetTaskKind.Classification => NotBlank(record, "text", "label"),
                DatasetTaskKind.Text => NotBlank(record, "text"),
                _ => [],
            });
        }

        if (record.TryGetPropertyValue("id", out var id) && TypeName(id) is not ("string" or "number"))
        {
            reasons.Add($"field 'id' must be a string or a number, not {TypeName(id)}");
        }

        return reasons;
    }

    /// <summary>The JSON type of a value as the schema and error messages name it.</summary>
    public static string TypeName(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static bool IsString(JsonNode? value) => value?.GetValueKind() == JsonValueKind.String;

    private static IEnumerable<string> NotBlank(JsonObject record, params string[] fields) =>
        fields.Where(f => string.IsNullOrWhiteSpace(record[f]!.GetValue<string>())).Select(f => $"field '{f}' is empty");

    private static IEnumerable<string> CheckMessages(JsonNode messages)
    {
        if (messages is not JsonArray { Count: > 0 } array)
        {
            yield return $"field 'messages' must be a non-empty array of {{role, content}}, not {TypeName(messages)}";
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject message || !IsString(message["role"]) || !IsString(message["content"]))
            {
                yield return $"messages[{i}] must be an object with string 'role' and 'content'";
            }
            else if (!ChatRoles.Contains(message["role"]!.GetValue<string>()))
            {
                yield return $"messages[{i}].role must be one of {string.Join(", ", ChatRoles)}";
            }
        }
    }

    private static IEnumerable<string> CheckTokensAndTags(JsonNode tokens, JsonNode tags)
    {
        if (tokens is not JsonArray { Count: > 0 } tokenArray || tokenArray.Any(t => !IsString(t)))
        {
            yield return "field 'tokens' must be a non-empty array of strings";
        }
        else if (tags is not JsonArray tagArray || tagArray.Any(t => !IsString(t)))
        {
            yield return "field 'tags' must be an array of strings";
        }
        else if (tagArray.Count != tokenArray.Count)
        {
            yield return $"'tokens' has {tokenArray.Count} items but 'tags' has {tagArray.Count}; every token needs one tag";
        }
    }
}
