using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// QLoRA's frozen base: every linear layer of the backbone keeps its weight only as a <see cref="QuantizedWeight"/>
/// (NF4, blocks of 64, double-quantised scales). Embeddings, norms, biases and the head stay float32, as
/// bitsandbytes' <c>load_in_4bit</c> leaves them.
/// </summary>
public static class QuantizedBase
{
    /// <exception cref="InvalidOperationException">A layer is quantised already.</exception>
    public static void Quantize(DecoderWithHead<Tensor> model)
    {
        foreach (var layer in Layers(model))
        {
            if (layer.Quantized is not null)
            {
                throw new InvalidOperationException("The base model is quantised already; quantise a fresh one.");
            }

            layer.QuantizeWeight(weight => QuantizedWeight.Quantize(weight));
        }
    }

    /// <summary>Bits stored per weight of the quantised layers: ≈ 4.127 for large layers (4 + 8/64 + 32/(64·256)), 32 before quantising.</summary>
    public static double BitsPerParameter(DecoderWithHead<Tensor> model)
    {
        var layers = Layers(model).ToList();
        var bits = layers.Sum(l => l.Quantized?.StoredBits ?? l.InputSize * l.OutputSize * 32);
        return (double)bits / layers.Sum(l => l.InputSize * l.OutputSize);
    }

    // The backbone's own linear layers, not those inside a method's adapters (LoRA's A and B).
    private static IEnumerable<AutocastLinear> Layers(DecoderWithHead<Tensor> model)
    {
        var backbone = (nn.Module)model.Backbone;
        var adapterLayers = backbone.modules().OfType<LinearAdapter>().SelectMany(a => a.modules()).ToHashSet();
        return backbone.modules().OfType<AutocastLinear>().Where(l => !adapterLayers.Contains(l));
    }
}
