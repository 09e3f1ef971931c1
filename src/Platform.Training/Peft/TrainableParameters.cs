using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// The parameter-name rule every method follows (as in PEFT): a parameter trains, and is saved in the
/// adapter, exactly when its name contains the method's prefix (<c>lora_</c>, <c>prefix_</c>…).
/// </summary>
public static class TrainableParameters
{
    public static bool IsAdapterParameter(string name, string prefix) =>
        name.Split('.').Any(segment => segment.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>(trainable, total) parameter counts.</summary>
    public static (long Trainable, long Total) Count(nn.Module model)
    {
        var parameters = model.parameters().ToList();
        return (parameters.Where(p => p.requires_grad).Sum(p => p.numel()), parameters.Sum(p => p.numel()));
    }
}
