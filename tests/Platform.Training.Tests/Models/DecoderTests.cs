using Platform.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Models;

public sealed class DecoderTests
{
    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_prompt_When_decoding_token_by_token_with_the_cache_Then_the_logits_equal_a_full_forward(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        model.eval();
        using var _ = no_grad();
        var tokens = TinyModels.Tokens(2, 10);

        var full = model.forward(tokens); // (B,T,V)
        using var cache = new KvCache(model.Config.Layers);
        var prefill = model.forward(tokens[.., ..6], new DecoderInputs(Cache: cache));
        var stepwise = new List<Tensor> { prefill };
        for (var t = 6; t < 10; t++)
        {
            stepwise.Add(model.forward(tokens[.., t..(t + 1)], new DecoderInputs(Cache: cache)));
        }

        Assert.True(allclose(cat(stepwise, dim: 1), full, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_left_padded_batch_When_running_the_model_Then_real_tokens_get_the_unpadded_logits(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        model.eval();
        using var _ = no_grad();
        var sequence = TinyModels.Tokens(1, 6);
        var padded = cat([zeros(1, 3, dtype: ScalarType.Int64), sequence], dim: 1);
        var mask = tensor(new long[] { 0, 0, 0, 1, 1, 1, 1, 1, 1 }).unsqueeze(0);

        var alone = model.forward(sequence);
        var inBatch = model.forward(padded, new DecoderInputs(mask))[.., 3.., ..];

        Assert.True(allclose(inBatch, alone, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_tiny_model_in_double_precision_When_differentiating_Then_attention_and_mlp_gradients_match_finite_differences(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        model.to(ScalarType.Float64);
        var tokens = TinyModels.Tokens(2, 5);
        var targets = TinyModels.Tokens(2, 5, seed: 9);
        Tensor Loss() => nn.functional.cross_entropy(model.forward(tokens).view(-1, 50), targets.view(-1));

        model.zero_grad();
        Loss().backward();
        var checkedNames = family == ModelFamily.Gpt2
            ? new[] { "transformer.h.0.attn.c_attn.weight", "transformer.h.1.attn.c_proj.weight", "transformer.h.0.mlp.c_fc.weight", "transformer.h.1.mlp.c_proj.bias" }
            : new[] { "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight", "model.layers.1.self_attn.v_proj.weight", "model.layers.0.mlp.gate_proj.weight", "model.layers.1.mlp.down_proj.weight" };
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        const double epsilon = 1e-6;
        using var _ = no_grad();
        foreach (var name in checkedNames)
        {
            var flat = parameters[name].view(-1);
            var gradient = parameters[name].grad!.view(-1);
            foreach (var index in new long[] { 0, flat.shape[0] / 2, flat.shape[0] - 1 })
            {
                var original = flat[index].item<double>();
                flat[index] = original + epsilon;
                var plus = Loss().item<double>();
                flat[index] = original - epsilon;
                var minus = Loss().item<double>();
                flat[index] = original;
                var numeric = (plus - minus) / (2 * epsilon);
                Assert.True(Math.Abs(numeric - gradient[index].item<double>()) < 1e-6 + (1e-4 * Math.Abs(numeric)), $"{name}[{index}]: analytic {gradient[index].item<double>()}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void Given_an_inconsistent_config_When_validating_Then_the_error_names_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => (TinyModels.Llama with { KeyValueHeads = 3 }).Validated());

        Assert.Contains("KeyValueHeads", error.Message);
    }
}
