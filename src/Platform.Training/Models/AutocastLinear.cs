using Platform.Training.Models.Extensions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// <c>nn.Linear</c> with the same parameters (<c>weight</c> (out,in), optional <c>bias</c> (out)) and
/// initialisation, so checkpoint keys do not change, whose forward follows the <see cref="Autocast"/> scope.
/// A parameter-efficient method may wrap it with a <see cref="LinearAdapter"/> (LoRA, IA3, Houlsby adapters).
/// </summary>
public sealed class AutocastLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private LinearAdapter? adapter;

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

    public Parameter Weight => weight;

    public long InputSize => weight.shape[1];

    public long OutputSize => weight.shape[0];

    public Parameter? Bias => bias;

    /// <summary>The attached adapter, or null.</summary>
    public LinearAdapter? Adapter => adapter;

    /// <summary>False while the adapter is merged into <see cref="Weight"/>, so it is not applied twice.</summary>
    public bool AdapterActive { get; set; } = true;

    /// <summary>Registers <paramref name="linearAdapter"/> under <paramref name="name"/> (its parameters are named after it); it wraps every forward.</summary>
    public void AttachAdapter(string name, LinearAdapter linearAdapter)
    {
        if (adapter is not null)
        {
            throw new InvalidOperationException("This layer already has an adapter; one method per layer.");
        }

        register_module(name, linearAdapter);
        adapter = linearAdapter;
    }

    // (…,in) -> (…,out)
    public override Tensor forward(Tensor x) =>
        adapter is not null && AdapterActive ? adapter.forward(x, Frozen) : Frozen(x);

    private Tensor Frozen(Tensor x) => Autocast.Linear(x, weight, bias);
}
