namespace Platform.Training.Data;

/// <summary>One token per distinct character of a text, in ordinal order so the ids are stable for a given text.</summary>
public sealed class CharacterVocabulary
{
    private readonly Dictionary<char, int> ids;

    public CharacterVocabulary(string text)
    {
        Characters = text.Distinct().Order().ToArray();
        ids = Characters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
    }

    public IReadOnlyList<char> Characters { get; }

    public int Size => Characters.Count;

    public long[] Encode(string text) => text.Select(c => ids.TryGetValue(c, out var id)
        ? (long)id
        : throw new ArgumentException($"Character U+{(int)c:X4} is not in the vocabulary.", nameof(text))).ToArray();

    public string Decode(IEnumerable<long> tokens) => new(tokens.Select(t => Characters[(int)t]).ToArray());

    /// <summary>Writes the vocabulary as <c>characters.json</c> (a JSON string of the characters in id order).</summary>
    public void WriteTo(string directory) =>
        File.WriteAllText(Path.Combine(directory, "characters.json"), System.Text.Json.JsonSerializer.Serialize(new string([.. Characters])));
}
