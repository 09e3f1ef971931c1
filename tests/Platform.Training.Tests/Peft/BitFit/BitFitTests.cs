using Platform.Training.Models;
using Platform.Training.Peft.BitFit;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.BitFit;

/// <summary>What is particular to BitFit; the method matrix covers the rest.</summary>
public sealed class BitFitTests
{
    [Fact]
    public void Given_a_GPT2_model_When_applying_BitFit_Then_exactly_the_biases_train()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var generator = new Generator(1);

        new BitFitMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator);

        Assert.Equal(
            model.named_parameters().Where(p => p.name.EndsWith(".bias", StringComparison.Ordinal)).Select(p => p.name),
            model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name));
    }

    [Fact]
    public void Given_a_Llama_model_without_biases_When_applying_BitFit_Then_a_clear_error_and_nothing_is_frozen()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        using var generator = new Generator(1);

        var error = Assert.Throws<ArgumentException>(() => new BitFitMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator));

        Assert.Contains("no bias", error.Message);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}
