using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>GPT-2's initialisation for both families: N(0, 0.02), zero biases, unit norms, residual outputs scaled by 1/√(2·layers).</summary>
public static class WeightInitialisation
{
    private static readonly string[] ResidualOutputs = ["c_proj.weight", "o_proj.weight", "down_proj.weight"];
    private static readonly string[] Norms = ["ln_", "norm"];

    /// <param name="generator">Seeds the weights, so that construction touches no global random state.</param>
    public static void Apply(IEnumerable<(string Name, Parameter Parameter)> parameters, int layers, Generator generator)
    {
        using var _ = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * layers);
        foreach (var (name, parameter) in parameters)
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (Norms.Any(n => name.Contains(n, StringComparison.Ordinal)))
            {
                parameter.fill_(One);
            }
            else
            {
                // Not nn.init.normal_: TorchSharp 0.107 ignores its generator argument and draws from the global one.
                using var std = (ResidualOutputs.Any(r => name.EndsWith(r, StringComparison.Ordinal)) ? residualStd : 0.02).ToScalar();
                using var values = randn(parameter.shape, generator: generator);
                parameter.copy_(values.mul_(std));
            }
        }
    }
}
