using Platform.Training.Models.Extensions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// <c>nn.Linear</c> with the same parameters (<c>weight</c> (out,in), optional <c>bias</c> (out)) and
/// initialisation, so checkpoint keys do not change, whose forward follows the <see cref="Autocast"/> scope.
/// A parameter-efficient method may wrap it with a <see cref="LinearAdapter"/> (LoRA, IA3, Houlsby adapters),
/// and QLoRA may replace its weight by a frozen quantised copy (<see cref="QuantizeWeight"/>).
/// </summary>
public sealed class AutocastLinear : nn.Module<Tensor, Tensor>
{
    private readonly long inputSize;
    private readonly long outputSize;
    private Parameter? weight;
    private readonly Parameter? bias;
    private IQuantizedWeight? quantized;
    private LinearAdapter? adapter;

    public AutocastLinear(long inputSize, long outputSize, bool hasBias = true) : base("linear")
    {
        this.inputSize = inputSize;
        this.outputSize = outputSize;
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

    /// <exception cref="InvalidOperationException">The weight is stored quantised: there is no float32 parameter to change.</exception>
    public Parameter Weight => weight ?? throw new InvalidOperationException(
        "This layer's weight is stored quantised (QLoRA) and is no parameter any more; it cannot be changed or merged into.");

    public long InputSize => inputSize;

    public long OutputSize => outputSize;

    public Parameter? Bias => bias;

    /// <summary>The quantised storage that replaced <see cref="Weight"/>, or null while the weight is a float32 parameter.</summary>
    public IQuantizedWeight? Quantized => quantized;

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

    /// <summary>
    /// Replaces the float32 <c>weight</c> parameter by <paramref name="quantize"/>'s frozen storage and frees it,
    /// so the memory is really saved. <c>weight</c> then leaves <c>named_parameters()</c>: nothing can train it,
    /// and the layer no longer belongs in a base-model checkpoint (its float weights are gone). The bias stays.
    /// </summary>
    public void QuantizeWeight(Func<Tensor, IQuantizedWeight> quantize)
    {
        if (adapter is not null && !AdapterActive)
        {
            throw new InvalidOperationException("Unmerge the adapter before quantising: its update is inside the weight.");
        }

        var full = Weight;
        quantized = quantize(full);
        ConditionallyRegisterParameter(nameof(weight), null);
        weight = null;
        full.Dispose();
    }

    // (…,in) -> (…,out)
    public override Tensor forward(Tensor x) =>
        adapter is not null && AdapterActive ? adapter.forward(x, Frozen) : Frozen(x);

    private Tensor Frozen(Tensor x)
    {
        if (quantized is null)
        {
            return Autocast.Linear(x, weight!, bias);
        }

        using var dequantized = quantized.Dequantize(); // (out,in) float32, alive only for this call
        return Autocast.Linear(x, dequantized, bias);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            quantized?.Dispose();
        }

        base.Dispose(disposing);
    }
}
