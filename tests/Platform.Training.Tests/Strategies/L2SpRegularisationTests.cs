using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Strategies;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Peft;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Strategies;

public sealed class L2SpRegularisationTests
{
    [Fact]
    public void Given_BitFit_on_a_classifier_When_biases_move_Then_the_penalty_is_the_weighted_squared_distance_of_the_base_parameters_only()
    {
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.Gpt2, labels: 2, generator);
        var baseParameters = model.named_parameters().Select(p => p.name).ToHashSet();
        PeftMethods.Get("bitfit").Apply(model, new MethodOptions(), generator);
        var l2sp = new L2SpRegularisation(model, baseParameters, weight: 0.5);
        using var tokens = TinyModels.Tokens(2, 8);

        using var atStart = l2sp.ExtraLoss(tokens, DecoderInputs.None, tokens)!;
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters().Where(p => p.parameter.requires_grad))
            {
                using var shift = (name.StartsWith("score", StringComparison.Ordinal) ? 10 : 0.1).ToScalar();
                parameter.add_(shift, One);
            }
        }

        using var moved = l2sp.ExtraLoss(tokens, DecoderInputs.None, tokens)!;

        var biases = model.named_parameters().Where(p => p.parameter.requires_grad && !p.name.StartsWith("score", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.Equal(0, atStart.item<float>());
        Assert.Equal(0.5 * biases * 0.01, moved.item<float>(), 3);
        Assert.Equal(model.named_parameters().Count(p => p.parameter.requires_grad && !p.name.StartsWith("score", StringComparison.Ordinal)), l2sp.Anchored);
    }

    [Fact]
    public void Given_full_training_of_the_top_block_When_L2SP_is_on_Then_the_block_ends_closer_to_its_pretrained_weights()
    {
        double DistanceAfterTraining(double weight)
        {
            using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
            AdapterTraining.ScaleToPretrainedSize(model);
            var baseParameters = model.named_parameters().Select(p => p.name).ToHashSet();
            foreach (var (name, parameter) in model.named_parameters())
            {
                parameter.requires_grad = name.StartsWith("transformer.h.1.", StringComparison.Ordinal);
            }

            var initial = model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
            AdapterTraining.Train(model, steps: 20, learningRate: 1e-2, weightDecay: 0, weight > 0 ? [new L2SpRegularisation(model, baseParameters, weight)] : []);
            return model.named_parameters().Where(p => initial.ContainsKey(p.name)).Sum(p => (p.parameter - initial[p.name]).pow(Two).sum().item<float>());
        }

        var plain = DistanceAfterTraining(0);
        var anchored = DistanceAfterTraining(1);

        Assert.True(anchored < plain / 2, $"‖θ − θ₀‖²: {anchored:F4} with L2-SP, {plain:F4} without");
    }
}
