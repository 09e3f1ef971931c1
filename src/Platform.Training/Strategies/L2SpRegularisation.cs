using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Strategies;

/// <summary>
/// L2-SP (Li et al. 2018): weight · Σ‖θ − θ₀‖² over the base model's parameters that train, θ₀ being their
/// pretrained values, so fine-tuning stays near the starting point instead of near zero. Parameters the method
/// added and a new task head have no pretrained value and are left to weight decay. A base parameter is anchored
/// when it first trains, which is before its first update, so gradual unfreezing anchors each block at its
/// pretrained values too.
/// </summary>
public sealed class L2SpRegularisation : ITrainingHook
{
    private readonly IReadOnlyList<Parameter> candidates;
    private readonly Scalar weight;
    private readonly Dictionary<Parameter, Tensor> anchors = new(ReferenceEqualityComparer.Instance);

    /// <param name="baseParameters">Names of the base model's parameters, taken before the method changed the model.</param>
    public L2SpRegularisation(DecoderWithHead<Tensor> model, IReadOnlySet<string> baseParameters, double weight)
    {
        this.weight = weight.ToScalar();
        candidates = model.named_parameters()
            .Where(p => baseParameters.Contains(p.name) && !model.IsTaskHead(p.name))
            .Select(p => p.parameter)
            .ToList();
    }

    /// <summary>The base parameters anchored so far (those that have trained).</summary>
    public int Anchored => anchors.Count;

    public Tensor? ExtraLoss(Tensor tokens, DecoderInputs inputs, Tensor output)
    {
        foreach (var parameter in candidates.Where(p => p.requires_grad && !anchors.ContainsKey(p)))
        {
            anchors[parameter] = parameter.detach().clone().DetachFromDisposeScope();
        }

        if (anchors.Count == 0)
        {
            return null;
        }

        using var scope = NewDisposeScope();
        var distance = anchors.Select(a => (a.Key - a.Value).pow(Two).sum()).Aggregate((sum, term) => sum.add(term, One));
        return (distance * weight).MoveToOuterDisposeScope();
    }
}
