using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Strategies;

/// <summary>
/// Gradual unfreezing (Howard and Ruder 2018, ULMFiT): training starts with what the method trains, and every
/// <c>everySteps</c> steps one more transformer block, from the top, trains as well, so the layers nearest the
/// output adapt first and the general features below are disturbed last. Embeddings and the final norm stay as
/// the method left them. The optimiser must hold <see cref="EventuallyTrainable"/> from the start: a block's
/// parameters get no gradient while frozen, and AdamW skips a parameter without one (no step, no weight decay).
/// </summary>
public sealed class GradualUnfreezing : ITrainingHook
{
    private readonly int everySteps;
    private readonly IReadOnlyList<IReadOnlyList<Parameter>> blocksFromTop;

    public GradualUnfreezing(DecoderWithHead<Tensor> model, int everySteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        this.everySteps = everySteps;
        var parameters = model.named_parameters().ToList();
        blocksFromTop = Enumerable.Range(0, model.Config.Layers).Reverse()
            .Select(i => BlockPrefix(model.Config.Family, i))
            .Select(prefix => (IReadOnlyList<Parameter>)parameters.Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.parameter).ToList())
            .ToList();
        var trainingNow = parameters.Where(p => p.parameter.requires_grad).Select(p => p.parameter);
        EventuallyTrainable = trainingNow.Concat(blocksFromTop.SelectMany(b => b)).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();
    }

    /// <summary>What the optimiser holds: the method's trainable parameters and every block's.</summary>
    public IReadOnlyList<Parameter> EventuallyTrainable { get; }

    /// <summary>Blocks that train at <paramref name="step"/>: none for the first interval, then one more per interval.</summary>
    public int UnfrozenBlocks(int step) => Math.Min((step - 1) / everySteps, blocksFromTop.Count);

    public void BeginStep(int step)
    {
        foreach (var parameter in blocksFromTop.Take(UnfrozenBlocks(step)).SelectMany(b => b))
        {
            parameter.requires_grad = true;
        }
    }

    // Hugging Face's names of a block: transformer.h.{i} (GPT-2), model.layers.{i} (Llama).
    private static string BlockPrefix(ModelFamily family, int block) =>
        family == ModelFamily.Gpt2 ? $"transformer.h.{block}." : $"model.layers.{block}.";
}
