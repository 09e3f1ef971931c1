using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Platform.Training.Tokenization;

/// <summary>How often each GPT-2 pre-token occurs in a text, with the special tokens cut out first.</summary>
internal static class PreTokenCounts
{
    public static Dictionary<string, long> Count(string text, IReadOnlyList<string> specialTokens, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        // Looking up by span allocates a string only for a pre-token seen for the first time.
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var pattern = Gpt2PreTokenization.Regex();
        foreach (var segment in SegmentsBetween(text, specialTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var match in pattern.EnumerateMatches(text.AsSpan(segment)))
            {
                var start = segment.Start.GetOffset(text.Length) + match.Index;
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, text.AsSpan(start, match.Length), out _)++;
            }
        }

        return counts;
    }

    private static IEnumerable<Range> SegmentsBetween(string text, IReadOnlyList<string> specialTokens)
    {
        if (specialTokens.Count == 0)
        {
            return [Range.All];
        }

        // Longest first, so a special token that contains another is cut out whole.
        var alternatives = specialTokens.OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).Select(Regex.Escape);
        var separators = new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant);
        var segments = new List<Range>();
        foreach (var segment in separators.EnumerateSplits(text))
        {
            segments.Add(segment);
        }

        return segments;
    }
}
