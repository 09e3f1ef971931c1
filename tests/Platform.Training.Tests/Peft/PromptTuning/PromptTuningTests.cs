using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Peft;
using Platform.Training.Peft.PromptTuning;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PromptTuning;

/// <summary>What is particular to prompt tuning; the method matrix covers the rest.</summary>
public sealed class PromptTuningTests
{
    private static Tensor InitialPrompt(ModelFamily family, ulong seed)
    {
        using var model = TinyModels.LanguageModel(family);
        using var generator = new Generator(seed);
        new PromptTuningMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        return model.modules().OfType<InputPrompt>().Single().Embeddings().detach().clone();
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_model_When_applying_prompt_tuning_Then_every_virtual_token_starts_as_a_vocabulary_embedding(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        using var vocabulary = model.Backbone.TokenEmbedding.detach().clone(); // (V,C)

        using var prompt = InitialPrompt(family, seed: 7); // (P,C)

        Assert.Equal([PeftMethodMatrixTests.Tiny.VirtualTokens, model.Config.EmbeddingSize], prompt.shape);
        for (var row = 0; row < prompt.shape[0]; row++)
        {
            Assert.True(vocabulary.eq(prompt[row]).all(dim: 1).any().item<bool>(), $"virtual token {row} is no vocabulary row");
        }
    }

    [Fact]
    public void Given_the_same_seed_When_initialising_twice_Then_the_prompts_are_equal_and_another_seed_draws_other_tokens()
    {
        using var first = InitialPrompt(ModelFamily.Gpt2, seed: 7);
        using var second = InitialPrompt(ModelFamily.Gpt2, seed: 7);
        using var other = InitialPrompt(ModelFamily.Gpt2, seed: 8);

        Assert.True(first.eq(second).all().item<bool>());
        Assert.False(first.eq(other).all().item<bool>());
    }

    [Fact]
    public void Given_a_prompt_tuning_adapter_When_saved_Then_its_initialisation_is_the_PEFT_value_for_sampled_vocabulary_rows()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var generator = new Generator(7);
        var method = new PromptTuningMethod();
        method.Apply(model, PeftMethodMatrixTests.Tiny, generator);
        var folder = Directory.CreateTempSubdirectory().FullName;

        method.Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("prompt_tuning", "tiny", "Gpt2", new string('a', 64), TinyModels.BaseFolder));

        // PEFT's PromptTuningInit is TEXT, SAMPLE_VOCAB or RANDOM.
        Assert.Equal("SAMPLE_VOCAB", AdapterFiles.ReadConfig(folder)["prompt_tuning_init"]!.GetValue<string>());
        Directory.Delete(folder, recursive: true);
    }
}
