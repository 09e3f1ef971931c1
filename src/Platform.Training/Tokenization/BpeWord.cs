namespace Platform.Training.Tokenization;

/// <summary>One distinct pre-token of the training text, as the current token ids it is spelled with.</summary>
internal sealed class BpeWord(int[] symbols, long frequency)
{
    private readonly int[] symbols = symbols;

    /// <summary>How often the pre-token occurs in the training text: every pair in it counts this many times.</summary>
    public long Frequency { get; } = frequency;

    public int Length { get; private set; } = symbols.Length;

    public int this[int index] => symbols[index];

    /// <summary>
    /// Replaces each occurrence of <paramref name="left"/> followed by <paramref name="right"/>, scanning
    /// left to right without overlaps (so "a a a" becomes "aa a"), as GPT-2's encoder applies a merge.
    /// </summary>
    /// <returns>Whether the word contained the pair.</returns>
    public bool Merge(int left, int right, int merged)
    {
        var write = 0;
        var read = 0;
        while (read < Length)
        {
            if (read + 1 < Length && symbols[read] == left && symbols[read + 1] == right)
            {
                symbols[write++] = merged;
                read += 2;
            }
            else
            {
                symbols[write++] = symbols[read++];
            }
        }

        var changed = write != Length;
        Length = write;
        return changed;
    }
}
