namespace Platform.Training.Tokenization;

/// <summary>
/// GPT-2's byte-to-unicode mapping: each of the 256 byte values gets one printable character, so a
/// byte-level token is an ordinary string in vocab.json and merges.txt (a space byte is 'Ġ', a
/// newline 'Ċ'). Printable Latin-1 bytes map to themselves; the other 68 bytes map, in byte order,
/// to U+0100 onwards.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] CharacterOfByte = BuildMapping();

    /// <summary>The 256 characters in ascending code point order, which is the order of GPT-2's first 256 ids.</summary>
    public static IReadOnlyList<char> Characters { get; } = [.. CharacterOfByte.Order()];

    public static char ToCharacter(byte value) => CharacterOfByte[value];

    /// <summary>The byte-level spelling of some UTF-8 bytes, one character per byte.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var characters = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            characters[i] = CharacterOfByte[bytes[i]];
        }

        return new string(characters);
    }

    private static char[] BuildMapping()
    {
        var mapping = new char[256];
        var nextUnprintable = 256;
        for (var value = 0; value < 256; value++)
        {
            mapping[value] = IsPrintable(value) ? (char)value : (char)nextUnprintable++;
        }

        return mapping;
    }

    // The ranges GPT-2 keeps as they are: '!'..'~', '¡'..'¬' and '®'..'ÿ' (so not space, controls, NBSP or soft hyphen).
    private static bool IsPrintable(int value) =>
        value is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
}
