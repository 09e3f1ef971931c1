using static TorchSharp.torch;

namespace Platform.Training.Peft.BitFit;

/// <summary>
/// BitFit (Ben Zaken et al. 2021): only the bias terms train. No layer changes, so the model's output at
/// step 0 is the base model's; the adapter is the biases alone.
/// </summary>
public static class BitFitInjector
{
    /// <summary>The last segment of every parameter BitFit trains.</summary>
    public const string Suffix = "bias";

    public static bool IsBias(string parameterName) => parameterName.Split('.')[^1] == Suffix;

    /// <returns>The names of the trainable biases.</returns>
    /// <exception cref="ArgumentException">The model has no biases (e.g. the Llama family), so BitFit has nothing to train.</exception>
    public static IReadOnlyList<string> Inject(nn.Module model)
    {
        var biases = model.named_parameters().Where(p => IsBias(p.name)).Select(p => p.name).ToList();
        if (biases.Count == 0)
        {
            throw new ArgumentException("BitFit trains biases and this model has none (Llama-family layers have no bias terms); choose another method.", nameof(model));
        }

        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = IsBias(name);
        }

        return biases;
    }
}
