using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// <c>nn.Linear</c> with the same parameters (<c>weight</c> (out,in), optional <c>bias</c> (out)) and
/// initialisation, so checkpoint keys do not change, whose forward follows the <see cref="Autocast"/> scope.
/// </summary>
public sealed class AutocastLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public AutocastLinear(long inputSize, long outputSize, bool hasBias = true) : base("linear")
    {
        // nn.Linear's reset_parameters: Kaiming-uniform weight, bias uniform in ±1/√in.
        weight = nn.Parameter(empty(outputSize, inputSize));
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (hasBias)
        {
            var bound = 1 / Math.Sqrt(inputSize);
            bias = nn.Parameter(empty(outputSize));
            nn.init.uniform_(bias, -bound, bound);
        }

        RegisterComponents();
    }

    // (…,in) -> (…,out)
    public override Tensor forward(Tensor x) => Autocast.Linear(x, weight, bias);
}
