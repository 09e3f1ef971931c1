using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>Two 4-bit indices per byte, the first in the high nibble as bitsandbytes packs them.</summary>
public static class NibblePacking
{
    /// <summary>(2n) uint8 indices in 0‥15 -> (n) uint8 bytes.</summary>
    public static Tensor Pack(Tensor indices)
    {
        if (indices.numel() % 2 != 0)
        {
            throw new ArgumentException($"Packing needs an even number of indices, got {indices.numel()}.", nameof(indices));
        }

        using var pairs = indices.view(-1, 2);
        using var high = pairs.select(1, 0).bitwise_left_shift(4);
        using var low = pairs.select(1, 1);
        return high.bitwise_or(low);
    }

    /// <summary>(n) uint8 bytes -> (2n) uint8 indices in 0‥15.</summary>
    public static Tensor Unpack(Tensor packed)
    {
        using var high = packed.bitwise_right_shift(4);
        using var low = packed.bitwise_and(0x0F);
        using var pairs = stack([high, low], dim: 1);
        return pairs.flatten();
    }
}
