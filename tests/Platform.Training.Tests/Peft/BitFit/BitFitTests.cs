using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Peft.BitFit;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.BitFit;

public sealed class BitFitTests
{
    [Fact]
    public void Given_a_GPT2_model_When_applying_BitFit_Then_only_biases_train_and_the_output_is_unchanged()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var tokens = TinyModels.Tokens(2, 8);
        using var before = model.forward(tokens).detach();

        var biases = BitFitInjector.Inject(model);

        Assert.Equal(biases, model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name));
        Assert.All(biases, name => Assert.EndsWith(".bias", name));
        var (trainable, total) = TrainableParameters.Count(model);
        Assert.InRange((double)trainable / total, 0.001, 0.2);
        Assert.True(before.equal(model.forward(tokens).detach()).all().item<bool>());
    }

    [Fact]
    public void Given_a_tiny_task_When_training_only_biases_Then_the_loss_decreases_and_the_weights_do_not_move()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using (no_grad())
        {
            // Initial embeddings (std 0.02) keep the tied output logits near zero, so nothing frozen could be
            // steered far; embeddings of a pretrained scale give the biases a model worth steering.
            model.named_parameters().Single(p => p.name == "transformer.wte.weight").parameter.mul_(25);
        }

        BitFitInjector.Inject(model);
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var losses = AdapterTraining.Train(model, steps: 60, learningRate: 3e-2, weightDecay: 0);

        Assert.True(losses[^1] < losses[0] - 0.3, $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.All(model.named_parameters().Where(p => frozen.ContainsKey(p.name)), p => Assert.True(p.parameter.equal(frozen[p.name]).all().item<bool>(), p.name));
    }

    [Fact]
    public void Given_a_Llama_model_without_biases_When_applying_BitFit_Then_a_clear_error_and_nothing_is_frozen()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);

        var error = Assert.Throws<ArgumentException>(() => BitFitInjector.Inject(model));

        Assert.Contains("no bias", error.Message);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}
