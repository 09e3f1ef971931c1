using Platform.Training.Generation;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft;

/// <summary>What every prompt-learning method shares: virtual tokens take positions, and generation with a key/value cache sees them once.</summary>
public sealed class PromptLearningTests
{
    private static readonly long[][] Prompts = [[5, 9, 11, 2], [7, 3]];

    public static TheoryData<string, ModelFamily> Methods() => new()
    {
        { "prompt_tuning", ModelFamily.Gpt2 },
        { "prompt_tuning", ModelFamily.Llama },
        { "prefix_tuning", ModelFamily.Gpt2 },
        { "prefix_tuning", ModelFamily.Llama },
        { "p_tuning", ModelFamily.Gpt2 },
        { "p_tuning_v2", ModelFamily.Llama },
    };

    private static CausalLanguageModel Adapted(string id, ModelFamily family)
    {
        var model = TinyModels.LanguageModel(family);
        using var generator = new Generator(21);
        PeftMethods.Get(id).Apply(model, PeftMethodMatrixTests.Tiny, generator);
        return model;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Given_virtual_tokens_When_generating_with_and_without_the_cache_Then_the_tokens_are_the_same(string id, ModelFamily family)
    {
        using var model = Adapted(id, family);
        var options = new GenerationOptions { MaxNewTokens = 10, Temperature = 0.8, TopK = 20, Seed = 4 };

        var cached = TextGenerator.Generate(model, Prompts, options);
        var uncached = TextGenerator.Generate(model, Prompts, options with { UseKvCache = false });

        Assert.Equal(uncached, cached);
        Assert.All(cached, tokens => Assert.Equal(10, tokens.Length));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Given_virtual_tokens_When_a_prompt_is_decoded_alone_or_in_a_left_padded_batch_Then_its_continuation_is_the_same(string id, ModelFamily family)
    {
        using var model = Adapted(id, family);
        var greedy = new GenerationOptions { MaxNewTokens = 8, Temperature = 0 };

        var alone = TextGenerator.Generate(model, [Prompts[1]], greedy);
        var batched = TextGenerator.Generate(model, Prompts, greedy);

        Assert.Equal(alone[0], batched[1]);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Given_virtual_tokens_When_the_forward_pass_runs_Then_the_output_differs_from_the_base_models_and_has_one_row_per_real_token(string id, ModelFamily family)
    {
        using var baseModel = TinyModels.LanguageModel(family);
        using var model = Adapted(id, family);
        using var tokens = TinyModels.Tokens(2, 8);

        using var adapted = model.forward(tokens);
        using var original = baseModel.forward(tokens);

        Assert.Equal(original.shape, adapted.shape);
        Assert.False(adapted.allclose(original, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData("prompt_tuning", ModelFamily.Gpt2)]
    [InlineData("prefix_tuning", ModelFamily.Llama)]
    [InlineData("p_tuning", ModelFamily.Llama)]
    [InlineData("p_tuning_v2", ModelFamily.Gpt2)]
    public void Given_as_many_virtual_tokens_as_the_context_holds_When_applying_Then_a_clear_problem_and_nothing_changes(string id, ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        using var generator = new Generator(1);
        var options = PeftMethodMatrixTests.Tiny with { VirtualTokens = model.Config.ContextLength };

        var error = Assert.Throws<ArgumentException>(() => PeftMethods.Get(id).Apply(model, options, generator));

        Assert.Contains("virtual tokens", error.Message);
        Assert.Contains($"fewer than {model.Config.ContextLength}", error.Message);
        Assert.Equal(0, model.Backbone.VirtualTokenCount);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Theory]
    [InlineData("prompt_tuning")]
    [InlineData("prefix_tuning")]
    public void Given_a_GPT2_model_with_virtual_tokens_When_text_and_virtual_tokens_exceed_its_context_Then_the_error_names_both(string id)
    {
        using var model = Adapted(id, ModelFamily.Gpt2);
        var context = model.Config.ContextLength;
        var virtualTokens = PeftMethodMatrixTests.Tiny.VirtualTokens;
        using var fits = TinyModels.Tokens(1, context - virtualTokens);
        using var tooLong = TinyModels.Tokens(1, context - virtualTokens + 1);

        using var logits = model.forward(fits);
        var forward = Assert.Throws<ArgumentException>(() => model.forward(tooLong));
        var generation = Assert.Throws<ArgumentException>(() =>
            TextGenerator.Generate(model, [new long[context - virtualTokens - 2]], new GenerationOptions { MaxNewTokens = 3 }));

        Assert.Contains($"{virtualTokens} of them virtual tokens", forward.Message);
        Assert.Contains($"{virtualTokens} virtual tokens", generation.Message);
    }
}
