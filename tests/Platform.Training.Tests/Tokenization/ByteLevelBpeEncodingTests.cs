using System.Text;
using Platform.Training.Tokenization;
using Xunit;

namespace Platform.Training.Tests.Tokenization;

public sealed class ByteLevelBpeEncodingTests
{
    // Planes and blocks the random strings draw from: ASCII, controls, Latin-1, combining marks, Greek and Cyrillic,
    // CJK, Hangul, private use, emoji and symbols (plane 1), CJK extension B (plane 2) and plane 14 tags.
    private static readonly (int First, int Last)[] CodePointRanges =
    [
        (0x20, 0x7E), (0x00, 0x1F), (0x7F, 0xFF), (0x300, 0x36F), (0x370, 0x4FF), (0x4E00, 0x9FFF),
        (0xAC00, 0xD7A3), (0xE000, 0xF8FF), (0xFE00, 0xFFFD), (0x1F300, 0x1FAFF), (0x1D400, 0x1D7FF), (0x20000, 0x2A6DF), (0xE0000, 0xE007F),
    ];

    private static readonly string[] Fragments = ["\r\n", "\n\n", "  ", "\t", " the", "'s", "'ll", "123", "e\u0301", "👍🏽", "<|endoftext|>", "<|pad|>"];

    [Fact]
    public void Given_a_tokenizer_trained_on_brown_When_random_unicode_is_encoded_and_decoded_Then_it_comes_back_unchanged()
    {
        var tokenizer = BrownTokenizer.Model.CreateTokenizer();
        var random = new Random(20240601);

        for (var i = 0; i < 400; i++)
        {
            var text = RandomText(random);

            var ids = tokenizer.EncodeToIds(text);

            Assert.True(text == tokenizer.Decode(ids), $"String {i} did not round-trip: {Escaped(text)}");
            Assert.All(ids, id => Assert.InRange(id, 0, BrownTokenizer.VocabularySize - 1));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("  leading and trailing spaces  ")]
    [InlineData("line one\r\nline two\n\n\ttabbed")]
    [InlineData("emoji 😀👍🏽👨‍👩‍👧 and flags 🇫🇷")]
    [InlineData("中文字符，日本語のテキスト、한국어")]
    [InlineData("combining: e\u0301 a\u0308 n\u0303, zero width\u200B joiner")]
    [InlineData("controls \u0000\u0001\u001F\u007F\u0085 and nbsp\u00A0soft\u00ADhyphen")]
    [InlineData("\uFEFFbyte order mark and 𝐛𝐨𝐥𝐝 math")]
    public void Given_hard_text_When_encoded_and_decoded_Then_it_comes_back_unchanged(string text)
    {
        var tokenizer = BrownTokenizer.Model.CreateTokenizer();

        Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeToIds(text)));
    }

    [Fact]
    public void Given_special_tokens_in_text_When_encoding_Then_each_becomes_its_single_id()
    {
        var model = BrownTokenizer.Model;
        var tokenizer = model.CreateTokenizer();
        var endOfText = model.SpecialTokenIds["<|endoftext|>"];
        var pad = model.SpecialTokenIds["<|pad|>"];

        var ids = tokenizer.EncodeToIds("The end.<|endoftext|>A start<|pad|><|pad|>");

        Assert.Equal(1, ids.Count(id => id == endOfText));
        Assert.Equal([pad, pad], ids.TakeLast(2));
        Assert.Equal(endOfText, ids[tokenizer.EncodeToIds("The end.").Count]);
        Assert.Equal("The end.<|endoftext|>A start<|pad|><|pad|>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Given_a_tokenizer_trained_without_special_tokens_When_encoding_the_end_of_text_marker_Then_it_is_ordinary_text()
    {
        var model = BrownTokenizer.Train(new ByteLevelBpeTrainingOptions { VocabularySize = 300, SpecialTokens = [] });
        var tokenizer = model.CreateTokenizer();

        var ids = tokenizer.EncodeToIds("<|endoftext|>");

        Assert.True(ids.Count > 1);
        Assert.Equal("<|endoftext|>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Given_english_text_When_encoding_Then_common_words_with_their_leading_space_are_single_tokens()
    {
        var model = BrownTokenizer.Model;
        var tokenizer = model.CreateTokenizer();

        var ids = tokenizer.EncodeToIds("It was the first of them and they said that he had been in the");

        Assert.Equal(["It", "Ġwas", "Ġthe", "Ġfirst", "Ġof", "Ġthem", "Ġand", "Ġthey", "Ġsaid", "Ġthat", "Ġhe", "Ġhad", "Ġbeen", "Ġin", "Ġthe"], ids.Select(id => model.Tokens[id]));
        var bytesPerToken = (double)Encoding.UTF8.GetByteCount(BrownTokenizer.Text) / tokenizer.EncodeToIds(BrownTokenizer.Text).Count;
        Assert.True(bytesPerToken > 2.5, $"{bytesPerToken:F2} bytes per token on the training text");
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(1, 25);
        for (var p = 0; p < pieces; p++)
        {
            if (random.Next(4) == 0)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
                continue;
            }

            var (first, last) = CodePointRanges[random.Next(CodePointRanges.Length)];
            // The ranges skip U+D800..U+DFFF: a lone surrogate is not text and has no UTF-8 form.
            builder.Append(new Rune(random.Next(first, last + 1)).ToString());
        }

        return builder.ToString();
    }

    private static string Escaped(string text) => string.Concat(text.EnumerateRunes().Select(r => r.Value is >= 0x20 and < 0x7F ? r.ToString() : $"\\u{{{r.Value:X}}}"));
}
