using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft.QLoRA;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.QLoRA;

public sealed class QuantizedLinearTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_a_linear_layer_When_quantising_it_Then_its_output_is_close_to_the_float32_one()
    {
        using var linear = SeededLinear(512, 256);
        using var quantised = QuantizedLinear.From(linear);
        using var generator = new Generator(17);
        using var x = randn([4, 10, 512], generator: generator);
        using var _ = no_grad();
        using var reference = linear.forward(x);
        using var y = quantised.forward(x);

        // NF4 moves each weight by 0.073 of its σ on average (QuantizedWeightTests); the errors are
        // independent, so the output's relative error is of that order: measured 0.0915. 0.15 leaves a
        // margin, while a transposed, unscaled or mis-packed weight is off by about 1 or more.
        var relativeError = ((y - reference).norm() / reference.norm()).item<float>();
        output.WriteLine($"512→256: relative output error {relativeError:F4}");
        Assert.Equal(reference.shape, y.shape);
        Assert.InRange(relativeError, 0.01f, 0.15f);
    }

    [Fact]
    public void Given_an_autocast_linear_in_a_bf16_scope_When_running_Then_the_output_is_float32_and_close_to_the_float32_layer()
    {
        using var linear = new AutocastLinear(128, 64);
        using var quantised = QuantizedLinear.From(linear);
        using var generator = new Generator(19);
        using var x = randn([8, 128], generator: generator);
        using var _ = no_grad();
        using var reference = linear.forward(x);
        Tensor mixed;
        using (Autocast.Enter(Precision.BFloat16Mixed))
        {
            mixed = quantised.forward(x);
        }

        // The bfloat16 multiply adds ≈ 0.4% to the 4-bit error.
        var relativeError = ((mixed - reference).norm() / reference.norm()).item<float>();
        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.InRange(relativeError, 0.01f, 0.15f);
    }

    [Fact]
    public void Given_a_quantised_layer_When_listing_its_parameters_Then_nothing_trains_but_gradients_reach_the_input()
    {
        using var linear = SeededLinear(64, 32);
        using var quantised = QuantizedLinear.From(linear);
        using var x = ones(2, 64).requires_grad_();

        quantised.forward(x).sum().backward();

        var parameters = quantised.named_parameters().ToList();
        Assert.Equal(["bias"], parameters.Select(p => p.name));
        Assert.All(parameters, p => Assert.False(p.parameter.requires_grad));
        Assert.Empty(quantised.buffers());
        Assert.NotNull(x.grad);
        Assert.Equal([2L, 64L], x.grad.shape);
    }

    [Fact]
    public void Given_the_source_layer_is_disposed_When_running_the_quantised_one_Then_its_output_does_not_change()
    {
        var linear = SeededLinear(64, 32);
        using var quantised = QuantizedLinear.From(linear);
        using var x = ones(2, 64);
        using var before = quantised.forward(x);

        linear.Dispose();
        using var after = quantised.forward(x);

        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());
    }

    [Fact]
    public void Given_a_1024_square_layer_When_counting_its_bytes_Then_it_is_an_eighth_of_float32_plus_the_scales()
    {
        using var linear = SeededLinear(1024, 1024);
        using var quantised = QuantizedLinear.From(linear);

        // Weight: 4.127/32 of its float32 bytes (codes 1/8, scales 1/256 + 1/131072, offset 4 bytes);
        // the bias stays float32.
        const long n = 1024 * 1024;
        var float32Bytes = n * 4;
        var expected = n / 2 + n / 64 + n / (64 * 256) * 4 + 4 + 1024 * 4;
        var ratio = (double)quantised.StoredBytes / (float32Bytes + 1024 * 4);
        output.WriteLine($"1024×1024 + bias: {quantised.StoredBytes} bytes, {ratio:F4} of float32");
        Assert.Equal(expected, quantised.StoredBytes);
        Assert.InRange(ratio, 1.0 / 8, 1.0 / 8 * 1.04);
    }

    [Fact]
    public void Given_a_linear_without_bias_When_quantising_Then_the_layer_has_no_parameters_at_all()
    {
        using var linear = nn.Linear(96, 40, hasBias: false);
        using var quantised = QuantizedLinear.From(linear);
        using var x = ones(3, 96);
        using var y = quantised.forward(x);

        Assert.Empty(quantised.parameters());
        Assert.Equal([3L, 40L], y.shape);
        Assert.Equal(96, quantised.InputSize);
        Assert.Equal(40, quantised.OutputSize);
    }

    // nn.Linear initialises from the global generator; the weights here come from a seeded one.
    private static TorchSharp.Modules.Linear SeededLinear(long inputSize, long outputSize)
    {
        var linear = nn.Linear(inputSize, outputSize);
        using var generator = new Generator(23);
        using var _ = no_grad();
        using var weight = randn([outputSize, inputSize], generator: generator).mul_(0.02);
        using var bias = randn([outputSize], generator: generator).mul_(0.02);
        linear.weight!.copy_(weight);
        linear.bias!.copy_(bias);
        return linear;
    }
}
