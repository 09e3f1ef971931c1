using System.Text;

namespace Platform.Training.Tokenization;

/// <summary>
/// Trains a GPT-2 style byte-level BPE: the text is cut with GPT-2's pattern, each pre-token is spelled
/// with its UTF-8 bytes (so any text can be encoded, no unknown token is needed), and the most frequent
/// adjacent pair is merged until the vocabulary has the requested size. Same text and options give the
/// same vocabulary and merges, byte for byte.
/// </summary>
public static class ByteLevelBpeTrainer
{
    public static ByteLevelBpeModel Train(string text, ByteLevelBpeTrainingOptions options, CancellationToken cancellationToken = default)
    {
        Validate(options);
        var byteTokens = ByteLevelAlphabet.Characters.Select(c => c.ToString()).ToList();
        var idOfByte = new int[256];
        for (var value = 0; value < 256; value++)
        {
            idOfByte[value] = byteTokens.IndexOf(ByteLevelAlphabet.ToCharacter((byte)value).ToString());
        }

        var counts = PreTokenCounts.Count(text, options.SpecialTokens, cancellationToken);
        // Sorted so that nothing, not even the order words are visited in, depends on hashing.
        var words = counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new BpeWord([.. Encoding.UTF8.GetBytes(c.Key).Select(b => idOfByte[b])], c.Value))
            .ToList();

        var learner = new BpeMergeLearner(byteTokens, words);
        learner.Learn(options.VocabularySize - options.SpecialTokens.Count, options.MinimumPairFrequency, cancellationToken);

        var collisions = options.SpecialTokens.Intersect(learner.Tokens, StringComparer.Ordinal).ToList();
        if (collisions.Count > 0)
        {
            throw new ArgumentException($"Special token '{collisions[0]}' is spelled like an ordinary byte-level token; choose a distinct string.", nameof(options));
        }

        return new ByteLevelBpeModel([.. learner.Tokens, .. options.SpecialTokens], learner.Merges, options.SpecialTokens);
    }

    private static void Validate(ByteLevelBpeTrainingOptions options)
    {
        if (options.SpecialTokens.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A special token must not be empty.", nameof(options));
        }

        if (options.SpecialTokens.Distinct(StringComparer.Ordinal).Count() != options.SpecialTokens.Count)
        {
            throw new ArgumentException("The special tokens must be distinct.", nameof(options));
        }

        var smallest = 256 + options.SpecialTokens.Count;
        if (options.VocabularySize < smallest)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.VocabularySize,
                $"The vocabulary needs at least {smallest} entries: the 256 byte tokens and {options.SpecialTokens.Count} special token(s).");
        }

        if (options.MinimumPairFrequency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumPairFrequency, "The minimum pair frequency must be at least 1.");
        }
    }
}
