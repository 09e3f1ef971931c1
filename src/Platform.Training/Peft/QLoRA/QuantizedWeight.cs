using Platform.Training.Models.Extensions;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// A weight tensor in QLoRA's storage format: 4-bit NormalFloat codes in blocks of 64, two per byte,
/// each block scaled by its absmax, and those scales double-quantised to 8 bits in blocks of 256.
/// It keeps no float copy: <see cref="Dequantize"/> rebuilds one on demand.
/// </summary>
public sealed class QuantizedWeight : IQuantizedWeight
{
    public const long DefaultBlockSize = 64;

    private QuantizedWeight(Tensor packedCodes, DoubleQuantizedScales scales, long[] shape, long blockSize)
    {
        PackedCodes = packedCodes;
        Scales = scales;
        Shape = shape;
        BlockSize = blockSize;
    }

    /// <summary>(⌈n/block⌉·block/2) uint8: two NF4 code indices per byte; the last block is padded with zeros.</summary>
    public Tensor PackedCodes { get; }

    /// <summary>The absmax of each block, double-quantised.</summary>
    public DoubleQuantizedScales Scales { get; }

    public IReadOnlyList<long> Shape { get; }

    public long BlockSize { get; }

    /// <summary>The number of parameters (the padding excluded).</summary>
    public long Count => Shape.Aggregate(1L, (product, size) => product * size);

    /// <summary>Every stored bit: the packed codes (padding included) and the double-quantised scales.</summary>
    public long StoredBits => PackedCodes.numel() * 8 + Scales.StoredBits;

    public long StoredBytes => StoredBits / 8;

    /// <summary>4 + 8/64 + 32/(64·256) ≈ 4.127 for large tensors, plus the padding and the offset.</summary>
    public double BitsPerParameter => (double)StoredBits / Count;

    /// <param name="weight">Any shape and floating dtype; it is read, not kept.</param>
    /// <param name="blockSize">Even, so that a block fills whole bytes.</param>
    /// <param name="scaleBlockSize">The block size of the double quantisation.</param>
    public static QuantizedWeight Quantize(
        Tensor weight, long blockSize = DefaultBlockSize, long scaleBlockSize = DoubleQuantizedScales.DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 2);
        if (blockSize % 2 != 0)
        {
            throw new ArgumentException($"The block size must be even to pack two codes per byte, got {blockSize}.", nameof(blockSize));
        }

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var blocks = Blocks.Split(weight.detach().to(ScalarType.Float32).flatten(), blockSize); // (nb, block)
        var absmax = Blocks.Absmax(blocks);                                                      // (nb)
        var indices = NormalFloat4.Encode(blocks / Blocks.Divisor(absmax));                      // (nb, block) in 0‥15
        var packed = NibblePacking.Pack(indices.flatten());                                      // (nb·block/2)
        var scales = DoubleQuantizedScales.Quantize(absmax, scaleBlockSize);
        // Detached from every dispose scope, the caller's included: this object owns it until disposed.
        return new QuantizedWeight(packed.DetachFromDisposeScope(), scales, weight.shape, blockSize);
    }

    /// <summary>A fresh float32 tensor of the original shape: each code times its block's restored scale.</summary>
    public Tensor Dequantize()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var codes = NormalFloat4.Decode(NibblePacking.Unpack(PackedCodes)).view(-1, BlockSize); // (nb, block)
        var scales = Scales.Dequantize().unsqueeze(1);                                           // (nb, 1)
        var weight = (codes * scales).flatten().narrow(0, 0, Count).view([.. Shape]);
        return weight.contiguous().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        PackedCodes.Dispose();
        Scales.Dispose();
    }
}
