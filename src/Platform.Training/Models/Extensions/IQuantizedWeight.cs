using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// A frozen weight kept in a compact storage format instead of a float32 parameter (QLoRA's NF4); held by
/// <see cref="AutocastLinear.QuantizeWeight"/> and rebuilt in float32 for each forward.
/// </summary>
public interface IQuantizedWeight : IDisposable
{
    /// <summary>Every bit the storage holds, metadata included, to report what quantisation saves.</summary>
    long StoredBits { get; }

    /// <summary>A fresh float32 tensor of the original (out,in) shape, outside autograd.</summary>
    Tensor Dequantize();
}
