using System.Text;
using System.Text.Json;
using Platform.Training.Tokenization;
using Xunit;

namespace Platform.Training.Tests.Tokenization;

public sealed class ByteLevelBpeTrainerTests : TemporaryFolder
{
    private static readonly string[] FileNames = [Gpt2TokenizerFiles.VocabularyFileName, Gpt2TokenizerFiles.MergesFileName, HuggingFaceTokenizerConfig.ConfigFileName];

    [Fact]
    public void Given_the_same_text_and_options_When_training_twice_Then_the_saved_files_are_byte_identical()
    {
        BrownTokenizer.Train(BrownTokenizer.Options).Save(Subfolder("first"));
        BrownTokenizer.Train(BrownTokenizer.Options).Save(Subfolder("second"));

        foreach (var name in FileNames)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "first", name)), File.ReadAllBytes(Path.Combine(Folder, "second", name)));
        }
    }

    [Fact]
    public void Given_a_vocabulary_size_When_training_on_real_text_Then_it_is_reached_with_the_special_tokens_last()
    {
        var model = BrownTokenizer.Model;

        Assert.Equal(BrownTokenizer.VocabularySize, model.VocabularySize);
        Assert.Equal(BrownTokenizer.VocabularySize - 256 - BrownTokenizer.SpecialTokens.Count, model.Merges.Count);
        Assert.Equal(BrownTokenizer.SpecialTokens, model.Tokens.TakeLast(2));
        Assert.Equal(BrownTokenizer.VocabularySize - 2, model.SpecialTokenIds[ByteLevelBpeTrainingOptions.EndOfText]);
        Assert.Equal(model.Tokens.Count, model.Tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Given_a_saved_model_When_reading_merges_txt_Then_it_has_the_version_header_then_one_merge_per_line_in_learned_order()
    {
        var model = BrownTokenizer.Model;
        model.Save(Folder);

        var text = File.ReadAllText(Path.Combine(Folder, Gpt2TokenizerFiles.MergesFileName));

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.Equal("#version: 0.2", lines[0]);
        Assert.Equal(model.Merges.Select(m => $"{m.Left} {m.Right}"), lines.Skip(1));
        Assert.All(lines.Skip(1), line => Assert.Equal(2, line.Split(' ').Length));
        // The most frequent pair of English text: a space followed by 't' (GPT-2's first merge too).
        Assert.Equal("Ġ t", lines[1]);
    }

    [Fact]
    public void Given_a_saved_model_When_reading_vocab_json_Then_it_holds_every_byte_token_and_every_merge_result_with_the_model_ids()
    {
        var model = BrownTokenizer.Model;
        model.Save(Folder);

        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(Folder, Gpt2TokenizerFiles.VocabularyFileName)))!;

        Assert.Equal(model.VocabularySize, vocabulary.Count);
        Assert.Equal(Enumerable.Range(0, model.VocabularySize), vocabulary.Values.Order());
        Assert.All(model.Merges, m => Assert.True(vocabulary.ContainsKey(m.Left + m.Right), $"'{m.Left + m.Right}' is missing"));
        // The 256 byte tokens take ids 0..255 in code point order, as in GPT-2's vocabulary.
        Assert.Equal(Enumerable.Range(0, 256), ByteLevelAlphabet.Characters.Select(c => vocabulary[c.ToString()]));
        Assert.All(model.Tokens.Select((token, id) => (token, id)), t => Assert.Equal(t.id, vocabulary[t.token]));
    }

    [Fact]
    public void Given_a_saved_model_When_reading_vocab_json_as_text_Then_it_is_laid_out_as_python_json_dumps_with_sorted_keys()
    {
        BrownTokenizer.Model.Save(Folder);

        var text = File.ReadAllText(Path.Combine(Folder, Gpt2TokenizerFiles.VocabularyFileName), Encoding.UTF8);

        Assert.StartsWith("{\n  \"!\": 0,\n", text, StringComparison.Ordinal);
        Assert.Contains("\n  \"\\\"\": 1,\n", text, StringComparison.Ordinal);
        Assert.Contains("\n  \"\\\\\": ", text, StringComparison.Ordinal);
        Assert.Contains("\n  \"Ġthe\": ", text, StringComparison.Ordinal); // non-ASCII as is (ensure_ascii=False)
        Assert.EndsWith("\n}\n", text, StringComparison.Ordinal);
        var keys = text.Split('\n').Skip(1).SkipLast(2).Select(line => JsonSerializer.Deserialize<string>(line[2..line.LastIndexOf(':')])!).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void Given_equally_frequent_pairs_When_training_Then_the_pair_whose_tokens_sort_first_ordinally_is_merged_first()
    {
        // Pre-tokens "ba" and " ab": the pairs (b,a), (Ġ,a) and (a,b) are each seen once.
        var model = ByteLevelBpeTrainer.Train("ba ab", new ByteLevelBpeTrainingOptions { VocabularySize = 262, MinimumPairFrequency = 1, SpecialTokens = [] });

        Assert.Equal(["a b", "b a", "Ġ ab"], model.Merges.Select(m => m.ToString()));
        Assert.Equal(259, model.VocabularySize);
    }

    [Fact]
    public void Given_pairs_seen_once_When_training_with_the_default_minimum_frequency_Then_they_are_not_merged()
    {
        var model = ByteLevelBpeTrainer.Train("ba ab ab", new ByteLevelBpeTrainingOptions { VocabularySize = 300, SpecialTokens = [] });

        Assert.Equal(["a b", "Ġ ab"], model.Merges.Select(m => m.ToString()));
    }

    [Fact]
    public void Given_special_tokens_inside_the_training_text_When_training_Then_nothing_is_learned_across_or_from_them()
    {
        var text = string.Concat(Enumerable.Repeat("xy<|endoftext|>", 50));

        var model = ByteLevelBpeTrainer.Train(text, new ByteLevelBpeTrainingOptions { VocabularySize = 300 });

        Assert.Equal(["x y"], model.Merges.Select(m => m.ToString()));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(100)]
    public void Given_a_vocabulary_too_small_for_the_bytes_and_special_tokens_When_training_Then_it_is_rejected(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTrainer.Train("text", new ByteLevelBpeTrainingOptions { VocabularySize = size }));
    }

    [Fact]
    public void Given_a_cancelled_token_When_training_Then_it_stops_with_OperationCanceledException()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => ByteLevelBpeTrainer.Train(BrownTokenizer.Text, BrownTokenizer.Options, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Given_the_byte_level_alphabet_Then_it_is_gpt2s_mapping()
    {
        Assert.Equal('Ġ', ByteLevelAlphabet.ToCharacter((byte)' '));
        Assert.Equal('Ċ', ByteLevelAlphabet.ToCharacter((byte)'\n'));
        Assert.Equal('Ā', ByteLevelAlphabet.ToCharacter(0));
        Assert.Equal('A', ByteLevelAlphabet.ToCharacter((byte)'A'));
        Assert.Equal('ÿ', ByteLevelAlphabet.ToCharacter(0xFF));
        Assert.Equal('Ń', ByteLevelAlphabet.ToCharacter(0xAD));
        Assert.Equal(256, ByteLevelAlphabet.Characters.Distinct().Count());
        Assert.Equal("ĠÃ©", ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(" é")));
    }
}
