using Platform.Training.Generation;
using Platform.Training.Models;
using Platform.Training.Tests.Models;
using Xunit;

namespace Platform.Training.Tests.Generation;

public sealed class TextGeneratorTests
{
    private static readonly long[][] Prompts = [[5, 9, 11, 2], [7, 3]];

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_batch_with_left_padding_When_generating_with_and_without_the_cache_Then_the_tokens_are_the_same(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        var options = new GenerationOptions { MaxNewTokens = 12, Temperature = 0.8, TopK = 20, TopP = 0.9, RepetitionPenalty = 1.3, Seed = 4 };

        var cached = TextGenerator.Generate(model, Prompts, options);
        var uncached = TextGenerator.Generate(model, Prompts, options with { UseKvCache = false });

        Assert.Equal(cached, uncached);
        Assert.All(cached, tokens => Assert.Equal(12, tokens.Length));
    }

    [Fact]
    public void Given_the_same_seed_When_sampling_twice_Then_the_tokens_are_identical_and_another_seed_differs()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var options = new GenerationOptions { MaxNewTokens = 20, Temperature = 1.5, Seed = 1 };

        var first = TextGenerator.Generate(model, Prompts, options);
        var second = TextGenerator.Generate(model, Prompts, options);
        var other = TextGenerator.Generate(model, Prompts, options with { Seed = 2 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Given_a_prompt_alone_or_in_a_padded_batch_When_decoding_greedily_Then_its_continuation_is_the_same()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        var greedy = new GenerationOptions { MaxNewTokens = 8, Temperature = 0 };

        var alone = TextGenerator.Generate(model, [Prompts[1]], greedy);
        var batched = TextGenerator.Generate(model, Prompts, greedy);

        Assert.Equal(alone[0], batched[1]);
    }

    [Fact]
    public void Given_a_stop_token_When_it_is_generated_Then_that_sequence_ends_with_it()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var greedy = new GenerationOptions { MaxNewTokens = 10, Temperature = 0 };
        var free = TextGenerator.Generate(model, [Prompts[0]], greedy)[0];

        var stopped = TextGenerator.Generate(model, [Prompts[0]], greedy with { StopTokens = [free[2]] })[0];

        Assert.Equal(free[..(Array.IndexOf(free, free[2]) + 1)], stopped);
    }

    [Fact]
    public void Given_invalid_options_When_generating_Then_the_error_names_the_option()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);

        var error = Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, Prompts, new GenerationOptions { TopP = 1.5 }));

        Assert.Contains("TopP", error.Message);
    }
}
