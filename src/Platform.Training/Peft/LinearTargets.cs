using Platform.Training.Models;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// The linear layers a method changes, chosen as PEFT chooses them: a target names a layer whose module name
/// equals it or ends with "." + it, so "c_proj" matches every c_proj and "mlp.c_proj" only the MLP's.
/// </summary>
public static class LinearTargets
{
    /// <returns>(module name, layer) in module order.</returns>
    public static IReadOnlyList<(string Name, AutocastLinear Layer)> Matching(nn.Module model, IReadOnlyList<string> targets) =>
        model.named_modules()
            .Where(m => m.module is AutocastLinear && targets.Any(t => Matches(m.name, t)))
            .Select(m => (m.name, (AutocastLinear)m.module))
            .ToList();

    public static bool Matches(string moduleName, string target) =>
        moduleName == target || moduleName.EndsWith("." + target, StringComparison.Ordinal);

    /// <summary>A problem naming the model's layers when no linear layer matches <paramref name="targets"/>.</summary>
    public static IEnumerable<string> Problems(nn.Module model, IReadOnlyList<string> targets, string method)
    {
        if (Matching(model, targets).Count == 0)
        {
            var layers = model.named_modules().Where(m => m.module is AutocastLinear).Select(m => m.name.Split('.')[^1]).Distinct();
            yield return $"{method}: no linear layer matches the target modules [{string.Join(", ", targets)}]; this model has [{string.Join(", ", layers)}].";
        }
    }
}
