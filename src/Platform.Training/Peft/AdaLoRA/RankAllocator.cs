using Platform.Training.Engine;
using Platform.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.AdaLoRA;

/// <summary>
/// What AdaLoRA does at every step (PEFT's <c>RankAllocator</c> and <c>update_and_allocate</c>): after each
/// optimiser step it smooths every adapter weight's sensitivity |w·∂L/∂w| and its uncertainty, scores each
/// triplet (Λᵢ, Pᵢ's column, Qᵢ's row), and when the schedule says so keeps only the budget's most important
/// triplets across all layers by zeroing the others' Λ; from step T − tfinal on, the final allocation is
/// re-applied after every step. It also adds the orthogonality penalty on P and Q to every micro-batch's loss.
/// </summary>
public sealed class RankAllocator : ITrainingHook
{
    private readonly IReadOnlyList<AdaLoraLayer> layers;
    private readonly AdaLoraOptions options;
    private readonly Scalar beta1;
    private readonly Scalar sensitivityShare;
    private readonly Scalar beta2;
    private readonly Scalar uncertaintyShare;
    private readonly Scalar orthogonalWeight;
    private readonly Dictionary<Parameter, (Tensor Sensitivity, Tensor Uncertainty)> smoothed = new(ReferenceEqualityComparer.Instance);
    private int? begun;
    private int? allocated;

    public RankAllocator(IReadOnlyList<AdaLoraLayer> layers, AdaLoraOptions options)
    {
        this.layers = layers;
        this.options = options;
        beta1 = options.Beta1.ToScalar();
        sensitivityShare = (1 - options.Beta1).ToScalar();
        beta2 = options.Beta2.ToScalar();
        uncertaintyShare = (1 - options.Beta2).ToScalar();
        orthogonalWeight = options.OrthogonalWeight.ToScalar();
        Schedule = BudgetSchedule.For(options, layers.Count);
    }

    public BudgetSchedule Schedule { get; }

    /// <summary>The triplets the last allocation kept, over all layers (the initial budget before the first).</summary>
    public int KeptRank => layers.Sum(l => l.KeptRank);

    /// <exception cref="InvalidOperationException">The previous step did not end with <see cref="AfterStep"/>: the allocator would silently never prune.</exception>
    public void BeginStep(int step)
    {
        if (begun is { } previous && allocated != previous)
        {
            throw new InvalidOperationException(
                $"Step {previous} ended without AfterStep: AdaLoRA allocates its rank budget after every optimiser step, so the trainer must call it.");
        }

        begun = step;
    }

    public Tensor? ExtraLoss(Tensor tokens, DecoderInputs inputs, Tensor output) =>
        options.OrthogonalWeight > 0 ? Orthogonality.Penalty(layers) * orthogonalWeight : null;

    public void AfterStep(int step)
    {
        allocated = step;
        var finalStep = Schedule.FinalAllocationStep;
        if (step < finalStep)
        {
            UpdateImportance();
        }

        var (budget, reallocates) = Schedule.At(step);
        if (step > finalStep)
        {
            foreach (var layer in layers.Where(l => l.RankPattern is not null))
            {
                layer.Prune(layer.RankPattern!);
            }
        }
        else if (reallocates)
        {
            Allocate(budget);
        }

        if (step == finalStep)
        {
            Reset();
        }
    }

    private IEnumerable<Parameter> Weights => layers.SelectMany(l => new[] { l.RightSingularVectors, l.SingularValues, l.LeftSingularVectors });

    private void UpdateImportance()
    {
        using var _ = no_grad();
        foreach (var weight in Weights)
        {
            var gradient = weight.grad
                ?? throw new InvalidOperationException("AdaLoRA scores its weights by their gradients: AfterStep must come before the gradients are cleared.");
            using var sensitivity = (weight * gradient).abs_();
            var (average, uncertainty) = smoothed.TryGetValue(weight, out var state)
                ? state
                : smoothed[weight] = (zeros_like(weight).DetachFromDisposeScope(), zeros_like(weight).DetachFromDisposeScope());
            average.mul_(beta1).add_(sensitivity, alpha: sensitivityShare);
            using var deviation = (sensitivity - average).abs_();
            uncertainty.mul_(beta2).add_(deviation, alpha: uncertaintyShare);
        }
    }

    /// <summary>
    /// Keeps the <paramref name="budget"/> highest-scoring triplets. PEFT masks every triplet scoring at or below
    /// the k-th lowest score, which prunes all tied ones; ranking (ties to the earlier layer) keeps the budget exact.
    /// </summary>
    private void Allocate(int budget)
    {
        using var scope = NewDisposeScope();
        var scores = cat(layers.Select(TripletScores).ToList());
        var ranked = scores.sort(descending: true, stable: true).Indices.data<long>().ToArray();
        var pattern = new bool[ranked.Length];
        foreach (var triplet in ranked.Take(budget))
        {
            pattern[triplet] = true;
        }

        var offset = 0;
        foreach (var layer in layers)
        {
            layer.Prune(pattern[offset..(offset + layer.Rank)]);
            offset += layer.Rank;
        }
    }

    /// <summary>(r): s(Λᵢ) + mean over Qᵢ's row + mean over Pᵢ's column, each entry's score being smoothed sensitivity × uncertainty.</summary>
    private Tensor TripletScores(AdaLoraLayer layer) =>
        Score(layer.SingularValues).view(-1)
            .add(Score(layer.RightSingularVectors).mean([1]), One)
            .add(Score(layer.LeftSingularVectors).mean([0]), One);

    private Tensor Score(Parameter weight) =>
        smoothed.TryGetValue(weight, out var state) ? state.Sensitivity * state.Uncertainty : zeros_like(weight);

    // PEFT forgets the scores once the final allocation is made: none is made again.
    private void Reset()
    {
        foreach (var (average, uncertainty) in smoothed.Values)
        {
            average.Dispose();
            uncertainty.Dispose();
        }

        smoothed.Clear();
    }
}
