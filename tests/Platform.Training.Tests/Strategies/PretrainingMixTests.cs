using Platform.Training.Data;
using Platform.Training.Models;
using Platform.Training.Strategies;
using Platform.Training.Tests.Models;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Strategies;

public sealed class PretrainingMixTests
{
    private static readonly TokenSplits Text = new(Enumerable.Range(0, 400).Select(i => (long)(i * 7 % 50)).ToArray(), []);

    [Fact]
    public void Given_a_share_When_mixing_Then_it_draws_share_over_one_minus_share_of_the_batch_and_weights_their_loss_so()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var mix = new PretrainingMix(model, Text, share: 0.2, seed: 7);
        using var tokens = TinyModels.Tokens(8, 10);

        mix.BeginStep(3);
        using var term = mix.ExtraLoss(tokens, DecoderInputs.None, tokens)!;
        using var generator = new Generator(unchecked(7 + (3 * 0x9E3779B97F4A7C15UL)));
        var (windows, targets) = Text.SampleTrainingBatch(2, 10, generator);
        using var logits = model.forward(windows);
        using var share = 0.25.ToScalar();
        using var expected = nn.functional.cross_entropy(logits.reshape(-1, 50), targets.reshape(-1)) * share;

        Assert.Equal(new[] { 1, 2, 4, 1 }, new[] { 1L, 8, 16, 2 }.Select(b => mix.Sequences(b)));
        Assert.Equal(expected.item<float>(), term.item<float>(), 5);
    }

    [Fact]
    public void Given_the_same_seed_and_step_When_mixing_again_Then_the_windows_are_the_same_and_another_step_draws_others()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var tokens = TinyModels.Tokens(4, 10);
        float Term(int step)
        {
            var mix = new PretrainingMix(model, Text, share: 0.5, seed: 11);
            mix.BeginStep(step);
            using var term = mix.ExtraLoss(tokens, DecoderInputs.None, tokens)!;
            return term.item<float>();
        }

        Assert.Equal(Term(5), Term(5));
        Assert.NotEqual(Term(5), Term(6));
    }
}
