using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.PTuningV2;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PTuningV2;

/// <summary>What is particular to P-tuning v2: deep prompts trained directly, also under a token-classification head.</summary>
public sealed class PTuningV2Tests
{
    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_token_classifier_with_deep_prompts_When_labelling_a_padded_batch_Then_it_gives_one_row_per_real_token_and_trains(ModelFamily family)
    {
        using var generator = new Generator(3);
        using var model = new TokenClassifier(TinyModels.For(family), labels: 5, generator);
        new PTuningV2Method().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        using var tokens = TinyModels.Tokens(2, 7);
        using var mask = tensor(new long[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 7]);
        using var labels = randint(5, [2, 7], generator: generator);

        using var logits = model.forward(tokens, new DecoderInputs(mask));
        using var loss = nn.functional.cross_entropy(logits.reshape(-1, 5), labels.reshape(-1));
        loss.backward();

        Assert.Equal([2, 7, 5], logits.shape);
        var trained = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        Assert.Equal(["classifier.bias", "classifier.weight", $"{(family == ModelFamily.Gpt2 ? "transformer" : "model")}.prompt_encoder.embedding"], trained.Select(p => p.name).Order());
        Assert.All(trained, p => Assert.True(p.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0, $"{p.name} has no gradient"));
    }
}
