using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Strategies;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Strategies;

public sealed class GradualUnfreezingTests
{
    [Theory]
    [InlineData(ModelFamily.Gpt2, "transformer.h.")]
    [InlineData(ModelFamily.Llama, "model.layers.")]
    public void Given_LoRA_with_gradual_unfreezing_When_training_Then_blocks_start_moving_from_the_top_one_per_interval_and_frozen_ones_stay_exact(ModelFamily family, string blocks)
    {
        using var model = TinyModels.LanguageModel(family);
        using (var generator = new Generator(21))
        {
            PeftMethods.Get("lora").Apply(model, new MethodOptions { Rank = 4, Alpha = 8 }, generator);
        }

        var unfreezing = new GradualUnfreezing(model, everySteps: 2);
        var initial = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        bool Moved(string prefix) => model.named_parameters()
            .Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal) && !p.name.Contains("lora_", StringComparison.Ordinal))
            .Any(p => !p.parameter.equal(initial[p.name]).all().item<bool>());
        var moved = new List<(bool Top, bool Bottom)>();
        var probe = new AfterEachStep(_ => moved.Add((Moved($"{blocks}1."), Moved($"{blocks}0."))));

        // Weight decay would move a frozen parameter if AdamW did not skip parameters without a gradient.
        AdapterTraining.Train(model, steps: 6, learningRate: 1e-2, weightDecay: 0.1, [unfreezing, probe], unfreezing.EventuallyTrainable);

        Assert.Equal(new[] { (false, false), (false, false), (true, false), (true, false), (true, true), (true, true) }, moved);
        Assert.Equal(new[] { 0, 0, 1, 1, 2, 2, 2 }, Enumerable.Range(1, 7).Select(unfreezing.UnfrozenBlocks));
        Assert.False(Moved(family == ModelFamily.Gpt2 ? "transformer.wte" : "model.embed_tokens"));
        Assert.Equal(model.parameters().Count(), unfreezing.EventuallyTrainable.Count + model.parameters().Count(p => !p.requires_grad));
    }

    private sealed class AfterEachStep(Action<int> action) : ITrainingHook
    {
        public void AfterStep(int step) => action(step);
    }
}
