using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Training.Tokenization;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"</c>,
/// which is how Hugging Face Transformers saves vocab.json and tokenizer_config.json: keys sorted by code
/// point, one item per line with two-space indents, non-ASCII written as is, control characters escaped.
/// Matching it byte for byte makes our files diff cleanly against the ones Transformers writes.
/// </summary>
internal static class PythonJson
{
    public static string Serialize(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value, depth: 0);
        return builder.Append('\n').ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? value, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                WriteContainer(builder, '{', '}', depth,
                    [.. obj.OrderBy(p => p.Key, CodePointOrder.Instance).Select(p => (Action)(() =>
                    {
                        WriteString(builder, p.Key);
                        builder.Append(": ");
                        Write(builder, p.Value, depth + 1);
                    }))]);
                break;
            case JsonArray array:
                WriteContainer(builder, '[', ']', depth, [.. array.Select(item => (Action)(() => Write(builder, item, depth + 1)))]);
                break;
            default:
                WriteScalar(builder, value.AsValue());
                break;
        }
    }

    private static void WriteContainer(StringBuilder builder, char open, char close, int depth, IReadOnlyList<Action> items)
    {
        builder.Append(open);
        if (items.Count == 0)
        {
            builder.Append(close);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
            items[i]();
        }

        builder.Append('\n').Append(' ', depth * 2).Append(close);
    }

    private static void WriteScalar(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            // Integers print alike in both; Python's float repr is not reproduced, and nothing here writes floats.
            case JsonValueKind.Number when value.ToJsonString() is var integer && integer.All(c => char.IsAsciiDigit(c) || c == '-'):
                builder.Append(integer);
                break;
            default:
                throw new NotSupportedException($"Writing the JSON value {value.ToJsonString()} the way Python does is not supported.");
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Python orders strings by code point; UTF-16 ordinal order differs only where a surrogate pair meets U+E000..U+FFFF.</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static readonly CodePointOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var length = Math.Min(x!.Length, y!.Length);
            for (var i = 0; i < length; i++)
            {
                if (x[i] != y[i])
                {
                    return Weight(x[i]).CompareTo(Weight(y[i]));
                }
            }

            return x.Length.CompareTo(y.Length);
        }

        // Surrogates (code points from U+10000) move above U+E000..U+FFFF, which move down to make room.
        private static int Weight(char c) => c switch
        {
            >= '\uE000' => c - 0x800,
            >= '\uD800' => c + 0x2000,
            _ => c,
        };
    }
}
