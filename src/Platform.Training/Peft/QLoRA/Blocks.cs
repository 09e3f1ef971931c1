using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>Fixed-size blocks of a flat tensor, each quantised against its own absolute maximum.</summary>
internal static class Blocks
{
    public static long Count(long elements, long blockSize) => (elements + blockSize - 1) / blockSize;

    /// <summary>(n) -> (⌈n/size⌉, size), the last block padded with zeros; zeros never raise an absmax.</summary>
    public static Tensor Split(Tensor flat, long blockSize)
    {
        var padding = Count(flat.numel(), blockSize) * blockSize - flat.numel();
        using var padded = nn.functional.pad(flat, [0, padding]);
        return padded.view(-1, blockSize);
    }

    /// <summary>(blocks, size) -> (blocks): the absolute maximum of each block.</summary>
    public static Tensor Absmax(Tensor blocks)
    {
        using var magnitudes = blocks.abs();
        return magnitudes.amax([1]);
    }

    /// <summary>(blocks) -> (blocks, 1) divisor: the absmax, or 1 for an all-zero block, which then normalises to zeros instead of NaN.</summary>
    public static Tensor Divisor(Tensor absmax)
    {
        using var zero = absmax.eq(Zero);
        using var divisor = absmax.masked_fill(zero, One);
        return divisor.unsqueeze(1);
    }
}
