using Platform.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// QLoRA's frozen base layer: a linear projection whose weight exists only as a
/// <see cref="QuantizedWeight"/> and is dequantised to float32 for each forward, then dropped. Nothing
/// here trains: gradients flow through it to the input (and to adapters around it), never into it.
/// </summary>
public sealed class QuantizedLinear : nn.Module<Tensor, Tensor>
{
    // Neither a parameter nor a buffer: the frozen base belongs to the base checkpoint, not to what a
    // run saves, and a "weight" key here would change meaning from float32 (out,in) to packed bytes.
    private readonly QuantizedWeight quantized;
    private readonly Parameter? bias;

    /// <param name="weight">(out,in); quantised here and not kept.</param>
    /// <param name="bias">(out); copied, frozen, in float32.</param>
    public QuantizedLinear(Tensor weight, Tensor? bias = null) : base("quantized_linear")
    {
        if (weight.dim() != 2)
        {
            throw new ArgumentException($"A linear weight is (out,in), got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        quantized = QuantizedWeight.Quantize(weight);
        if (bias is not null)
        {
            using var _ = no_grad();
            this.bias = nn.Parameter(bias.detach().to(ScalarType.Float32).clone(), requires_grad: false);
        }

        RegisterComponents();
    }

    public QuantizedWeight Weight => quantized;

    public long InputSize => quantized.Shape[1];

    public long OutputSize => quantized.Shape[0];

    /// <summary>The quantised weight's bytes plus the float32 bias.</summary>
    public long StoredBytes => quantized.StoredBytes + (bias?.numel() ?? 0) * sizeof(float);

    /// <summary>Quantises the <c>weight</c> and copies the <c>bias</c> of an <c>nn.Linear</c> or an <see cref="AutocastLinear"/>.</summary>
    public static QuantizedLinear From(nn.Module<Tensor, Tensor> linear)
    {
        var parameters = linear.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        if (!parameters.TryGetValue("weight", out var weight))
        {
            throw new ArgumentException($"{linear.GetType().Name} has no 'weight' parameter to quantise.", nameof(linear));
        }

        return new QuantizedLinear(weight, parameters.GetValueOrDefault("bias"));
    }

    // (…,in) -> (…,out)
    public override Tensor forward(Tensor x)
    {
        using var weight = quantized.Dequantize(); // (out,in) float32, alive only for this call
        return Autocast.Linear(x, weight, bias);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            quantized.Dispose();
        }

        base.Dispose(disposing);
    }
}
