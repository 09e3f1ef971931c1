using Platform.Training.Peft.QLoRA;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.QLoRA;

public sealed class DoubleQuantizedScalesTests
{
    [Fact]
    public void Given_positive_scales_When_double_quantising_Then_each_comes_back_within_half_an_8_bit_step_of_its_block()
    {
        // 1000 scales: three full blocks of 256 and a partial one, like the absmaxes of 64-blocks.
        using var generator = new Generator(21);
        using var width = 3.ToScalar();
        using var lowest = 0.5.ToScalar();
        using var scales = rand([1000], generator: generator).mul_(width).add_(lowest, One);
        using var quantised = DoubleQuantizedScales.Quantize(scales);
        using var restored = quantised.Dequantize();

        // A linear int8 code over ±absmax has steps of absmax/127, so rounding is off by at most
        // absmax/254; the 1e-6 covers float32 rounding of the centring and the rescaling.
        var offset = scales.mean().item<float>();
        using var centre = offset.ToScalar();
        using var centred = scales - centre;
        var original = scales.data<float>().ToArray();
        var back = restored.data<float>().ToArray();
        var blockAbsmax = Enumerable.Range(0, 4)
            .Select(b => centred.narrow(0, b * 256, Math.Min(256, 1000 - b * 256)).abs().max().item<float>())
            .ToArray();
        Assert.Equal(ScalarType.Int8, quantised.Codes.dtype);
        Assert.Equal(1000, back.Length);
        Assert.Equal(blockAbsmax, quantised.BlockScales.data<float>().ToArray());
        Assert.Equal(offset, quantised.Offset);
        Assert.All(Enumerable.Range(0, 1000), i =>
            Assert.InRange(Math.Abs(back[i] - original[i]), 0, blockAbsmax[i / 256] / 254 + 1e-6));
    }

    [Fact]
    public void Given_n_scales_When_counting_the_stored_bits_Then_it_is_8_per_scale_32_per_block_and_32_for_the_offset()
    {
        using var scales = ones(1000);
        using var quantised = DoubleQuantizedScales.Quantize(scales);
        using var restored = quantised.Dequantize();

        Assert.Equal(1000 * 8 + 4 * 32 + 32, quantised.StoredBits);
        Assert.All(restored.data<float>().ToArray(), s => Assert.Equal(1f, s)); // equal scales: centred to 0, exact
    }
}
