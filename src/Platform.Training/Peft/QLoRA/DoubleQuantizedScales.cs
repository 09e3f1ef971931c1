using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// QLoRA's double quantisation: the fp32 absmax scales of the 4-bit blocks are themselves stored in
/// 8 bits. Their mean is subtracted first (the scales are all positive, so centring them doubles the
/// resolution of a symmetric code), then each block of 256 is quantised linearly against its own
/// absmax to int8 in -127‥127, keeping one fp32 second-level scale per block and the mean.
/// bitsandbytes uses its dynamic 8-bit float map for this step; the linear code is simpler and has a
/// plain error bound (half a step, absmax/254), which the weights' 4-bit error dwarfs.
/// </summary>
public sealed class DoubleQuantizedScales : IDisposable
{
    public const long DefaultBlockSize = 256;

    private static readonly Scalar Levels = 127f.ToScalar();

    private DoubleQuantizedScales(Tensor codes, Tensor blockScales, float offset, long blockSize)
    {
        Codes = codes;
        BlockScales = blockScales;
        Offset = offset;
        BlockSize = blockSize;
    }

    /// <summary>(n) int8: each scale minus <see cref="Offset"/>, in steps of its block's absmax / 127.</summary>
    public Tensor Codes { get; }

    /// <summary>(⌈n/block⌉) float32: the absmax of each block of centred scales.</summary>
    public Tensor BlockScales { get; }

    /// <summary>The mean of the original scales.</summary>
    public float Offset { get; }

    public long BlockSize { get; }

    /// <summary>8 bits per scale, 32 per block scale and 32 for the offset.</summary>
    public long StoredBits => Codes.numel() * 8 + BlockScales.numel() * 32 + 32;

    /// <summary>(n) float32 scales -> their 8-bit form.</summary>
    public static DoubleQuantizedScales Quantize(Tensor scales, long blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var offset = scales.mean().item<float>();
        using var centre = offset.ToScalar();
        var blocks = Blocks.Split(scales - centre, blockSize);              // (nb, block)
        var absmax = Blocks.Absmax(blocks);                                  // (nb)
        var codes = (blocks / Blocks.Divisor(absmax) * Levels).round_()
            .to(ScalarType.Int8).flatten().narrow(0, 0, scales.numel());     // (n)
        // Detached from every dispose scope, the caller's included: this object owns them until disposed.
        return new DoubleQuantizedScales(
            codes.contiguous().DetachFromDisposeScope(), absmax.DetachFromDisposeScope(), offset, blockSize);
    }

    /// <summary>The float32 scales back, each within half a step (its block's absmax / 254) of the original.</summary>
    public Tensor Dequantize()
    {
        using var scope = NewDisposeScope();
        var steps = (BlockScales / Levels).unsqueeze(1);                     // (nb, 1)
        var blocks = Blocks.Split(Codes.to(ScalarType.Float32), BlockSize);  // (nb, block)
        using var offset = Offset.ToScalar();
        var scales = (blocks * steps).add(offset, One).flatten().narrow(0, 0, Codes.numel());
        return scales.contiguous().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Codes.Dispose();
        BlockScales.Dispose();
    }
}
