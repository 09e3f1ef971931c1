using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Platform.Training.Tokenization;
using Xunit;

namespace Platform.Training.Tests.Tokenization;

public sealed class TokenizerLoaderTests : TemporaryFolder
{
    private const string Sample = "The jury said, \"It's 1961!\"\r\n\tAnd then 😀 中文 <|endoftext|>next<|pad|>";

    private static readonly SpecialToken EndOfText = new("<|endoftext|>", BrownTokenizer.VocabularySize - 2);
    private static readonly SpecialToken Pad = new("<|pad|>", BrownTokenizer.VocabularySize - 1);

    [Fact]
    public void Given_a_gpt2_folder_written_by_the_trainer_When_loading_Then_it_encodes_like_the_trained_model_and_pads_with_end_of_text()
    {
        BrownTokenizer.Model.Save(Folder);

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(TokenizerFormat.Gpt2VocabularyAndMerges, loaded.Format);
        Assert.Equal(BrownTokenizer.VocabularySize, loaded.VocabularySize);
        Assert.Equal(BrownTokenizer.Model.CreateTokenizer().EncodeToIds(Sample), loaded.Tokenizer.EncodeToIds(Sample));
        Assert.Equal(Sample, loaded.Tokenizer.Decode(loaded.Tokenizer.EncodeToIds(Sample)));
        Assert.Equal(new SpecialTokens(EndOfText, EndOfText, EndOfText, EndOfText, AddBeginningOfSequence: false), loaded.Special);
        Assert.Equal([Pad.Id], loaded.Tokenizer.EncodeToIds(Pad.Text));
    }

    [Fact]
    public void Given_special_tokens_map_declaring_a_pad_token_When_loading_Then_it_overrides_tokenizer_config()
    {
        BrownTokenizer.Model.Save(Folder);
        WriteJson("special_tokens_map.json", new JsonObject
        {
            ["eos_token"] = "<|endoftext|>",
            ["pad_token"] = new JsonObject { ["content"] = "<|pad|>", ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false },
        });

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(Pad, loaded.Special.Padding);
        Assert.Equal(EndOfText, loaded.Special.EndOfSequence);
    }

    [Fact]
    public void Given_a_gpt2_folder_without_tokenizer_config_When_loading_Then_end_of_text_is_bos_eos_unk_and_pad()
    {
        BrownTokenizer.Model.Save(Folder);
        File.Delete(Path.Combine(Folder, HuggingFaceTokenizerConfig.ConfigFileName));

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(new SpecialTokens(EndOfText, EndOfText, EndOfText, EndOfText, AddBeginningOfSequence: false), loaded.Special);
        Assert.Equal([EndOfText.Id], loaded.Tokenizer.EncodeToIds(EndOfText.Text));
    }

    [Fact]
    public void Given_a_declared_pad_token_missing_from_the_vocabulary_When_loading_Then_it_fails_naming_the_token()
    {
        BrownTokenizer.Model.Save(Folder);
        WriteJson("special_tokens_map.json", new JsonObject { ["pad_token"] = "<nope>" });

        var error = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(Folder));

        Assert.Contains("pad_token '<nope>'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_gpt2_style_tokenizer_json_When_loading_Then_it_encodes_exactly_like_vocab_and_merges()
    {
        WriteJson("tokenizer.json", TokenizerJsonFile.Gpt2Style(BrownTokenizer.Model));

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(TokenizerFormat.HuggingFaceTokenizerJson, loaded.Format);
        Assert.Equal(BrownTokenizer.Model.CreateTokenizer().EncodeToIds(Sample), loaded.Tokenizer.EncodeToIds(Sample));
        Assert.Equal(EndOfText, loaded.Special.EndOfSequence);
        Assert.False(loaded.Special.AddBeginningOfSequence);
        Assert.Equal(BrownTokenizer.VocabularySize, loaded.VocabularySize);
    }

    [Fact]
    public void Given_a_llama3_style_tokenizer_json_When_loading_Then_its_split_regex_is_used_and_bos_is_to_be_prepended()
    {
        WriteJson("tokenizer.json", TokenizerJsonFile.Llama3Style(BrownTokenizer.Model, bos: EndOfText.Text));

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(Sample, loaded.Tokenizer.Decode(loaded.Tokenizer.EncodeToIds(Sample)));
        Assert.True(loaded.Special.AddBeginningOfSequence);
        Assert.Equal(EndOfText, loaded.Special.BeginningOfSequence);
        // Llama 3 splits digits in threes (GPT-2 keeps a number whole), so no token crosses those boundaries.
        var pieces = loaded.Tokenizer.EncodeToIds("1234567").Select(id => loaded.Tokenizer.Decode([id])).ToList();
        var boundaries = pieces.Select((_, i) => pieces.Take(i + 1).Sum(p => p.Length)).ToList();
        Assert.Contains(3, boundaries);
        Assert.Contains(6, boundaries);
    }

    [Fact]
    public void Given_tokenizer_config_saying_add_bos_token_When_loading_Then_it_wins_over_the_post_processor()
    {
        WriteJson("tokenizer.json", TokenizerJsonFile.Llama3Style(BrownTokenizer.Model, bos: EndOfText.Text));
        WriteJson("tokenizer_config.json", new JsonObject { ["add_bos_token"] = false, ["bos_token"] = "<|pad|>" });

        var loaded = TokenizerLoader.Load(Folder);

        Assert.False(loaded.Special.AddBeginningOfSequence);
        Assert.Equal(Pad, loaded.Special.BeginningOfSequence);
    }

    [Theory]
    [InlineData("Unigram", null, null, "model type 'Unigram'")]
    [InlineData("BPE", "NFC", null, "normalizer 'NFC'")]
    [InlineData("BPE", null, @"\p{L}++|\s+", "Split pattern")]
    [InlineData("BPE", null, "Metaspace", "pre-tokenizer 'Metaspace'")]
    public void Given_a_tokenizer_json_the_library_cannot_run_When_loading_Then_the_error_names_what_is_unsupported(string modelType, string? normalizer, string? preTokenizer, string expected)
    {
        var json = preTokenizer is null or "Metaspace"
            ? TokenizerJsonFile.Gpt2Style(BrownTokenizer.Model)
            : TokenizerJsonFile.Llama3Style(BrownTokenizer.Model, EndOfText.Text, preTokenizer);
        json["model"]!["type"] = modelType;
        json["normalizer"] = normalizer is null ? null : new JsonObject { ["type"] = normalizer };
        if (preTokenizer == "Metaspace")
        {
            json["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁" };
        }

        WriteJson("tokenizer.json", json);

        var error = Assert.Throws<NotSupportedException>(() => TokenizerLoader.Load(Folder));

        Assert.Contains("tokenizer.json: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_unsupported_tokenizer_json_beside_vocab_and_merges_When_loading_Then_the_gpt2_files_are_used()
    {
        BrownTokenizer.Model.Save(Folder);
        var json = TokenizerJsonFile.Gpt2Style(BrownTokenizer.Model);
        json["model"]!["type"] = "WordPiece";
        WriteJson("tokenizer.json", json);

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(TokenizerFormat.Gpt2VocabularyAndMerges, loaded.Format);
    }

    [Fact]
    public void Given_a_sentencepiece_model_When_loading_Then_it_round_trips_and_exposes_its_own_bos_eos_and_unk()
    {
        SentencePieceModelFile.Write(Path.Combine(Folder, TokenizerLoader.SentencePieceFileName));

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(TokenizerFormat.SentencePiece, loaded.Format);
        Assert.IsAssignableFrom<SentencePieceTokenizer>(loaded.Tokenizer);
        var first = SentencePieceModelFile.FirstWordPieceId;
        Assert.Equal([first + 2, first + 5], loaded.Tokenizer.EncodeToIds("the cat"));
        const string hard = "the cat 😀 中文\r\n\tcombining e\u0301";
        Assert.Equal(hard, loaded.Tokenizer.Decode(loaded.Tokenizer.EncodeToIds(hard)));
        var endOfSentence = new SpecialToken("</s>", 2);
        Assert.Equal(new SpecialTokens(new SpecialToken("<s>", 1), endOfSentence, endOfSentence, new SpecialToken("<unk>", 0), AddBeginningOfSequence: true), loaded.Special);
        Assert.Equal(first + SentencePieceModelFile.WordPieces.Length, loaded.VocabularySize);
    }

    [Fact]
    public void Given_a_sentencepiece_model_with_added_tokens_in_tokenizer_config_When_encoding_Then_they_are_single_ids()
    {
        SentencePieceModelFile.Write(Path.Combine(Folder, TokenizerLoader.SentencePieceFileName));
        var addedId = SentencePieceModelFile.FirstWordPieceId + SentencePieceModelFile.WordPieces.Length;
        WriteJson("tokenizer_config.json", new JsonObject
        {
            ["add_bos_token"] = false,
            ["added_tokens_decoder"] = new JsonObject { [addedId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["content"] = "<|im_end|>", ["special"] = true } },
            ["eos_token"] = "<|im_end|>",
        });

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Contains(addedId, loaded.Tokenizer.EncodeToIds("the cat<|im_end|>"));
        Assert.Equal(new SpecialToken("<|im_end|>", addedId), loaded.Special.EndOfSequence);
        Assert.False(loaded.Special.AddBeginningOfSequence);
        Assert.Equal(addedId + 1, loaded.VocabularySize);
    }

    [Fact]
    public void Given_a_cl100k_base_tiktoken_file_When_loading_Then_it_round_trips_with_the_encodings_special_tokens()
    {
        var merged = new[] { "th", "he", "the", " the", "at", " c", " cat" };
        var lines = Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}")
            .Concat(merged.Select((token, i) => $"{Convert.ToBase64String(Encoding.UTF8.GetBytes(token))} {256 + i}"));
        File.WriteAllLines(Path.Combine(Folder, "cl100k_base.tiktoken"), lines);

        var loaded = TokenizerLoader.Load(Folder);

        Assert.Equal(TokenizerFormat.Tiktoken, loaded.Format);
        Assert.Equal([256 + 2, 256 + 6], loaded.Tokenizer.EncodeToIds("the cat"));
        Assert.Equal(Sample, loaded.Tokenizer.Decode(loaded.Tokenizer.EncodeToIds(Sample)));
        var endOfText = new SpecialToken("<|endoftext|>", 100257);
        Assert.Equal(new SpecialTokens(null, endOfText, endOfText, null, AddBeginningOfSequence: false), loaded.Special);
        Assert.Equal(100277, loaded.VocabularySize); // cl100k's last special token is <|endofprompt|> = 100276
    }

    [Fact]
    public void Given_a_tiktoken_file_of_an_unknown_encoding_When_loading_Then_the_error_names_it()
    {
        File.WriteAllLines(Path.Combine(Folder, "mystery.tiktoken"), ["IQ== 0"]);

        var error = Assert.Throws<NotSupportedException>(() => TokenizerLoader.Load(Folder));

        Assert.Contains("tiktoken encoding 'mystery'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_folder_without_tokenizer_files_When_loading_Then_it_says_which_files_it_looked_for()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(Folder));

        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.Load(Path.Combine(Folder, "missing")));
    }

    private void WriteJson(string fileName, JsonNode json) => File.WriteAllText(Path.Combine(Folder, fileName), json.ToJsonString());
}
