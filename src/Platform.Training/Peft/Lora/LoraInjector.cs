using Platform.Training.Models;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Lora;

/// <summary>Attaches LoRA updates to a model's target linear layers, and merges or unmerges them.</summary>
public static class LoraInjector
{
    public const string Prefix = "lora_";

    /// <summary>The name each LoRA layer is attached under inside its linear layer.</summary>
    public const string ModuleName = "lora";

    /// <returns>The names of the layers that got an update, in module order.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or no layer matches the targets; the model is unchanged.</exception>
    public static IReadOnlyList<string> Inject(nn.Module model, LoraOptions options, Generator generator)
    {
        if (options.Problems().Concat(TargetProblems(model, options.TargetModules)).ToList() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var targets = Targets(model, options.TargetModules);

        foreach (var (_, layer) in targets)
        {
            layer.AttachAdapter(ModuleName, new LoraLayer(layer.InputSize, layer.OutputSize, options, generator));
        }

        return targets.Select(t => t.Name).ToList();
    }

    /// <summary>W ← W + (α/r)·B·A in every LoRA layer: inference then costs what the base model costs.</summary>
    public static void Merge(nn.Module model) => Apply(model, merge: true);

    /// <summary>W ← W − (α/r)·B·A: back to the base weights with the update beside them, e.g. to train further.</summary>
    public static void Unmerge(nn.Module model) => Apply(model, merge: false);

    private static void Apply(nn.Module model, bool merge)
    {
        using var _ = no_grad();
        foreach (var layer in model.modules().OfType<AutocastLinear>().Where(l => l.Adapter is LoraLayer && l.AdapterActive == merge))
        {
            using var delta = ((LoraLayer)layer.Adapter!).DeltaWeight();
            if (merge)
            {
                layer.Weight.add_(delta, One);
            }
            else
            {
                layer.Weight.sub_(delta);
            }

            layer.AdapterActive = !merge;
        }
    }

    /// <summary>A problem when no linear layer of <paramref name="model"/> matches the target modules.</summary>
    public static IEnumerable<string> TargetProblems(nn.Module model, IReadOnlyList<string> targetModules)
    {
        if (targetModules.Count > 0 && Targets(model, targetModules).Count == 0)
        {
            var layers = model.named_modules().Where(m => m.module is AutocastLinear).Select(m => m.name.Split('.')[^1]).Distinct();
            yield return $"No linear layer matches the target modules [{string.Join(", ", targetModules)}]; this model has [{string.Join(", ", layers)}].";
        }
    }

    /// <summary>The linear layers whose last name segment is one of the target modules, in module order (LoRA's and AdaLoRA's rule, as PEFT's).</summary>
    public static List<(string Name, AutocastLinear Layer)> Targets(nn.Module model, IReadOnlyList<string> targetModules) =>
        model.named_modules()
            .Where(m => m.module is AutocastLinear && targetModules.Contains(m.name.Split('.')[^1]))
            .Select(m => (m.name, (AutocastLinear)m.module))
            .ToList();
}
