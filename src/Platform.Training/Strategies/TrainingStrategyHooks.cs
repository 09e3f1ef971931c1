using Platform.Domain.Runs;
using Platform.Training.Data;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Strategies;

/// <summary>The strategies a run switches on, as hooks beside the method's own, created after the method has changed the model.</summary>
public static class TrainingStrategyHooks
{
    /// <param name="model">The model after the method was applied: its trainable set is where gradual unfreezing starts.</param>
    /// <param name="baseParameters">Names of the base model's parameters, taken before the method changed it (L2-SP's anchors).</param>
    /// <param name="teacher">The frozen base model's output for a micro-batch (distillation); a separate copy, not <paramref name="model"/>.</param>
    /// <param name="pretrainingText">Pretraining text in the base model's token ids (pretraining mix).</param>
    /// <returns>The active strategies, gradual unfreezing first so that blocks train before the losses are taken.</returns>
    /// <exception cref="ArgumentException">A switched-on strategy lacks what it needs; the message says what.</exception>
    public static IReadOnlyList<ITrainingHook> Create(
        TrainingStrategies strategies,
        DecoderWithHead<Tensor> model,
        IReadOnlySet<string> baseParameters,
        Func<Tensor, DecoderInputs, Tensor>? teacher,
        TokenSplits? pretrainingText,
        ulong seed)
    {
        var problems = new List<string>();
        if (strategies.DistillationWeight > 0 && teacher is null)
        {
            problems.Add("Distillation needs the frozen base model as its teacher.");
        }

        if (strategies.PretrainingMixShare > 0 && (model is not CausalLanguageModel || pretrainingText is null))
        {
            problems.Add("Mixing in pretraining text needs a language-modelling task and the pretraining text.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(strategies));
        }

        var hooks = new List<ITrainingHook>();
        if (strategies.UnfreezeEverySteps > 0)
        {
            hooks.Add(new GradualUnfreezing(model, strategies.UnfreezeEverySteps));
        }

        if (strategies.DistillationWeight > 0)
        {
            hooks.Add(new Distillation(teacher!, strategies.DistillationWeight, strategies.DistillationTemperature));
        }

        if (strategies.L2SpWeight > 0)
        {
            hooks.Add(new L2SpRegularisation(model, baseParameters, strategies.L2SpWeight));
        }

        if (strategies.PretrainingMixShare > 0)
        {
            hooks.Add(new PretrainingMix((CausalLanguageModel)model, pretrainingText!, strategies.PretrainingMixShare, seed));
        }

        return hooks;
    }

    /// <summary>What the optimiser must hold: every parameter that may ever train (gradual unfreezing's), else those that train now.</summary>
    public static IReadOnlyList<Parameter> OptimisedParameters(DecoderWithHead<Tensor> model, IEnumerable<ITrainingHook> hooks) =>
        hooks.OfType<GradualUnfreezing>().SingleOrDefault()?.EventuallyTrainable
        ?? model.parameters().Where(p => p.requires_grad).ToList();
}
