using Platform.Domain.Runs;
using Platform.Training.Data;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Strategies;
using Platform.Training.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Strategies;

public sealed class TrainingStrategyHooksTests
{
    private static readonly TokenSplits Text = new(Enumerable.Range(0, 400).Select(i => (long)(i % 50)).ToArray(), []);

    [Fact]
    public void Given_strategies_When_creating_their_hooks_Then_only_the_switched_on_ones_come_unfreezing_first()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        var all = new TrainingStrategies { UnfreezeEverySteps = 5, DistillationWeight = 1, L2SpWeight = 0.1, PretrainingMixShare = 0.1 };

        var none = TrainingStrategyHooks.Create(new TrainingStrategies(), model, names, teacher: null, pretrainingText: null, seed: 1);
        var every = TrainingStrategyHooks.Create(all, model, names, (t, i) => model.forward(t, i), Text, seed: 1);

        Assert.Empty(none);
        Assert.Equal(
            new[] { typeof(GradualUnfreezing), typeof(Distillation), typeof(L2SpRegularisation), typeof(PretrainingMix) },
            every.Select(h => h.GetType()));
        Assert.Same(((GradualUnfreezing)every[0]).EventuallyTrainable, TrainingStrategyHooks.OptimisedParameters(model, every));
        Assert.Equal(model.parameters().Count(), TrainingStrategyHooks.OptimisedParameters(model, none).Count);
    }

    [Fact]
    public void Given_distillation_without_teacher_or_a_mix_on_a_classifier_When_creating_Then_the_error_names_what_is_missing()
    {
        using var generator = new Generator(3);
        using var classifier = new SequenceClassifier(TinyModels.Gpt2, labels: 2, generator);
        var names = classifier.named_parameters().Select(p => p.name).ToHashSet();

        var error = Assert.Throws<ArgumentException>(() => TrainingStrategyHooks.Create(
            new TrainingStrategies { DistillationWeight = 1, PretrainingMixShare = 0.2 }, classifier, names, teacher: null, Text, seed: 1));

        Assert.Contains("teacher", error.Message);
        Assert.Contains("language-modelling", error.Message);
    }
}
