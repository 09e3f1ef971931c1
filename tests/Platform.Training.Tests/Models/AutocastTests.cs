using Platform.Domain.Runs;
using Platform.Training.Models;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Models;

public sealed class AutocastTests
{
    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_bf16_mixed_scope_When_running_the_model_Then_the_logits_are_float32_and_close_to_the_fp32_ones(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        model.eval();
        using var _ = no_grad();
        var tokens = TinyModels.Tokens(2, 10);
        var reference = model.forward(tokens); // (B,T,V)

        Tensor mixed;
        using (Autocast.Enter(Precision.BFloat16Mixed))
        {
            mixed = model.forward(tokens);
        }

        // bfloat16 keeps 8 significant bits, so each rounding is off by up to 2⁻⁹ ≈ 0.2%; through two
        // layers the largest error is ≈ 0.4% of the logits' scale here; 2% leaves a 5× margin, while
        // a wrong weight or a skipped layer would be far off. Above zero: the scope really took effect.
        var scale = reference.abs().max().item<float>();
        var error = (mixed - reference).abs().max().item<float>();
        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.InRange(error, 1e-7f, 0.02f * scale);
        Assert.Equal(reference.data<float>().ToArray(), model.forward(tokens).data<float>().ToArray()); // plain fp32 again outside
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_bf16_mixed_backward_When_reading_the_gradients_Then_every_parameter_has_a_float32_one(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        var tokens = TinyModels.Tokens(2, 10);
        var targets = TinyModels.Tokens(2, 10, seed: 9);

        using (Autocast.Enter(Precision.BFloat16Mixed))
        {
            var logits = model.forward(tokens);
            nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1)).backward();
        }

        Assert.All(model.named_parameters(), p =>
        {
            Assert.Equal(ScalarType.Float32, p.parameter.dtype);
            Assert.NotNull(p.parameter.grad);
            Assert.Equal(ScalarType.Float32, p.parameter.grad.dtype);
        });
    }

    [Fact]
    public void Given_nested_scopes_When_each_is_disposed_Then_the_previous_precision_comes_back()
    {
        Assert.Equal(Precision.Float32, Autocast.Current);
        using (Autocast.Enter(Precision.BFloat16Mixed))
        {
            using (Autocast.Enter(Precision.Float32))
            {
                Assert.Equal(Precision.Float32, Autocast.Current);
            }

            Assert.Equal(Precision.BFloat16Mixed, Autocast.Current);
        }

        Assert.Equal(Precision.Float32, Autocast.Current);
    }
}
