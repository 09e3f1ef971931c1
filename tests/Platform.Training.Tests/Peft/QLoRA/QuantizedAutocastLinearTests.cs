using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft.QLoRA;
using Xunit;
using Xunit.Abstractions;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.QLoRA;

/// <summary>An <see cref="AutocastLinear"/> whose weight QLoRA replaced by its NF4 storage.</summary>
public sealed class QuantizedAutocastLinearTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_a_linear_layer_When_quantising_it_Then_its_output_is_close_to_the_float32_one()
    {
        using var linear = SeededLinear(512, 256);
        using var generator = new Generator(17);
        using var x = randn([4, 10, 512], generator: generator);
        using var _ = no_grad();
        using var reference = linear.forward(x);

        Quantize(linear);
        using var y = linear.forward(x);

        // NF4 moves each weight by 0.073 of its σ on average (QuantizedWeightTests); the errors are
        // independent, so the output's relative error is of that order: measured 0.0915. 0.15 leaves a
        // margin, while a transposed, unscaled or mis-packed weight is off by about 1 or more.
        var relativeError = ((y - reference).norm() / reference.norm()).item<float>();
        output.WriteLine($"512→256: relative output error {relativeError:F4}");
        Assert.Equal(reference.shape, y.shape);
        Assert.InRange(relativeError, 0.01f, 0.15f);
    }

    [Fact]
    public void Given_a_quantised_layer_in_a_bf16_scope_When_running_Then_the_output_is_float32_and_close_to_the_float32_layer()
    {
        using var linear = SeededLinear(128, 64);
        using var generator = new Generator(19);
        using var x = randn([8, 128], generator: generator);
        using var _ = no_grad();
        using var reference = linear.forward(x);
        Quantize(linear);
        Tensor mixed;
        using (Autocast.Enter(Precision.BFloat16Mixed))
        {
            mixed = linear.forward(x);
        }

        // The bfloat16 multiply adds ≈ 0.4% to the 4-bit error.
        var relativeError = ((mixed - reference).norm() / reference.norm()).item<float>();
        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.InRange(relativeError, 0.01f, 0.15f);
    }

    [Fact]
    public void Given_a_quantised_layer_When_listing_its_parameters_Then_the_weight_is_gone_and_gradients_still_reach_the_input()
    {
        using var linear = SeededLinear(64, 32);
        var weight = linear.Weight;
        Quantize(linear);
        linear.Bias!.requires_grad = false;
        using var x = ones(2, 64).requires_grad_();

        linear.forward(x).sum().backward();

        Assert.Equal(["bias"], linear.named_parameters().Select(p => p.name));
        Assert.Empty(linear.buffers());
        Assert.True(weight.IsInvalid, "the float32 weight must be freed, not just unregistered");
        Assert.Throws<InvalidOperationException>(() => linear.Weight);
        Assert.NotNull(x.grad);
        Assert.Equal([2L, 64L], x.grad.shape);
        Assert.Equal((64L, 32L), (linear.InputSize, linear.OutputSize));
    }

    [Fact]
    public void Given_a_1024_square_layer_When_counting_its_bytes_Then_the_weight_takes_an_eighth_of_float32_plus_the_scales()
    {
        using var linear = SeededLinear(1024, 1024);

        Quantize(linear);

        // 4.127/32 of the float32 bytes: codes 1/8, scales 1/256 + 1/131072, offset 4 bytes.
        const long n = 1024 * 1024;
        var expected = n / 2 + n / 64 + n / (64 * 256) * 4 + 4;
        var storedBytes = linear.Quantized!.StoredBits / 8;
        output.WriteLine($"1024×1024: {storedBytes} bytes, {(double)storedBytes / (n * 4):F4} of float32");
        Assert.Equal(expected, storedBytes);
    }

    [Fact]
    public void Given_a_quantised_layer_When_quantising_again_Then_a_clear_error()
    {
        using var linear = new AutocastLinear(96, 40, hasBias: false);
        Quantize(linear);

        Assert.Empty(linear.parameters());
        Assert.Throws<InvalidOperationException>(() => Quantize(linear));
    }

    private static void Quantize(AutocastLinear linear) => linear.QuantizeWeight(weight => QuantizedWeight.Quantize(weight));

    private static AutocastLinear SeededLinear(long inputSize, long outputSize)
    {
        var linear = new AutocastLinear(inputSize, outputSize);
        using var generator = new Generator(23);
        using var _ = no_grad();
        using var std = 0.02.ToScalar();
        using var weight = randn([outputSize, inputSize], generator: generator).mul_(std);
        using var bias = randn([outputSize], generator: generator).mul_(std);
        linear.Weight.copy_(weight);
        linear.Bias!.copy_(bias);
        return linear;
    }
}
