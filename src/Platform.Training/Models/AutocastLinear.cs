using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// <c>nn.Linear</c> with the same parameters (<c>weight</c> (out,in), optional <c>bias</c> (out)) and
/// initialisation, so checkpoint keys do not change, whose forward follows the <see cref="Autocast"/> scope.
/// A parameter-efficient method may attach a side path (LoRA's B·A) whose output is added to the layer's.
/// </summary>
public sealed class AutocastLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private nn.Module<Tensor, Tensor>? sidePath;

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

    /// <summary>The attached side path, or null.</summary>
    public nn.Module<Tensor, Tensor>? SidePath => sidePath;

    /// <summary>False while the side path is merged into <see cref="Weight"/>, so it is not added twice.</summary>
    public bool SidePathActive { get; set; } = true;

    /// <summary>Registers <paramref name="path"/> under <paramref name="name"/> (its parameters are named after it) and adds its output to this layer's.</summary>
    public void AttachSidePath(string name, nn.Module<Tensor, Tensor> path)
    {
        if (sidePath is not null)
        {
            throw new InvalidOperationException("This layer already has a side path; one method per layer.");
        }

        register_module(name, path);
        sidePath = path;
    }

    // (…,in) -> (…,out)
    public override Tensor forward(Tensor x)
    {
        var y = Autocast.Linear(x, weight, bias);
        return sidePath is not null && SidePathActive ? y + sidePath.forward(x) : y;
    }
}
