namespace Platform.Training.Data;

/// <summary>A text encoded as character ids, split into a training head and a validation tail.</summary>
public sealed class TextCorpus
{
    private const double ValidationShare = 0.1;

    public TextCorpus(string text)
    {
        Vocabulary = new CharacterVocabulary(text);
        var tokens = Vocabulary.Encode(text);
        var split = (int)(tokens.Length * (1 - ValidationShare));
        Splits = new TokenSplits(tokens[..split], tokens[split..]);
    }

    public CharacterVocabulary Vocabulary { get; }

    public TokenSplits Splits { get; }
}
