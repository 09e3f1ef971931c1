using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.Composition;
using Platform.Training.Peft.Lora;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.Composition;

public sealed class LoraCompositionTests : TemporaryFolder
{
    private static readonly string Sha = new('a', 64);

    /// <summary>A LoRA adapter with B moved off zero (as training would), saved; returns its folder and the logits it gives alone.</summary>
    private (string Folder, Tensor Logits) SavedAdapter(string name, ulong seed, IReadOnlyList<string> targets, Tensor tokens)
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var method = new LoraMethod();
        var options = new MethodOptions { Rank = 4, Alpha = 8, TargetModules = targets };
        using (var generator = new Generator(seed))
        {
            method.Apply(model, options, generator);
            using var _ = no_grad();
            using var std = 0.2.ToScalar();
            foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.Contains("lora_B", StringComparison.Ordinal)))
            {
                parameter.copy_(randn(parameter.shape, generator: generator) * std);
            }
        }

        var folder = Subfolder(name);
        method.Save(folder, model, options, new AdapterProvenance(RunMethods.Lora.Id, "tiny", "Gpt2", Sha, TinyModels.BaseFolder));
        model.eval();
        using (no_grad())
        {
            return (folder, model.forward(tokens).detach());
        }
    }

    private static Tensor Logits(CausalLanguageModel model, Tensor tokens)
    {
        using var _ = no_grad();
        return model.forward(tokens);
    }

    [Fact]
    public void Given_two_loaded_adapters_When_switching_per_request_Then_each_gives_its_own_logits_and_none_gives_the_base()
    {
        using var tokens = TinyModels.Tokens(2, 8);
        var (attention, attentionLogits) = SavedAdapter("attention", 1, ["c_attn"], tokens);
        var (mlp, mlpLogits) = SavedAdapter("mlp", 2, ["c_fc"], tokens);
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var baseLogits = Logits(model, tokens);
        var composition = new LoraComposition(model, Sha);

        composition.Load("attention", attention);
        composition.Load("mlp", mlp);

        Assert.True(Logits(model, tokens).equal(baseLogits).all().item<bool>(), "loaded adapters start inactive");
        composition.Use(("mlp", 1.0));
        Assert.True(Logits(model, tokens).allclose(mlpLogits, atol: 1e-6));
        composition.Use(("attention", 1.0));
        Assert.True(Logits(model, tokens).allclose(attentionLogits, atol: 1e-6));
        composition.Use();
        Assert.True(Logits(model, tokens).equal(baseLogits).all().item<bool>());
        Assert.Equal(["attention", "mlp"], composition.Adapters);
    }

    [Fact]
    public void Given_a_LoRA_adapter_When_scaled_by_a_weight_Then_the_layer_adds_that_share_of_its_update()
    {
        using var tokens = TinyModels.Tokens(2, 8);
        var (folder, _) = SavedAdapter("style", 3, ["c_attn"], tokens);
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var composition = new LoraComposition(model, Sha);
        composition.Load("style", folder);
        var layer = model.modules().OfType<AutocastLinear>().First(l => l.Adapter is LoraAdapterSet);
        using var x = randn(3, layer.InputSize);
        using var _ = no_grad();
        using var baseOutput = layer.forward(x);

        composition.Use(("style", 1.0));
        using var full = layer.forward(x);
        composition.Use(("style", 0.5));
        using var half = layer.forward(x);
        composition.Use(("style", 0.0));
        using var none = layer.forward(x);

        using var halfWeight = 0.5.ToScalar();
        using var halfway = baseOutput.add((full - baseOutput) * halfWeight, One);
        Assert.True(half.allclose(halfway, atol: 1e-6));
        Assert.True(none.allclose(baseOutput, atol: 1e-7));
        Assert.False(full.allclose(baseOutput, atol: 1e-4));
    }

    [Fact]
    public void Given_bad_requests_When_composing_Then_each_is_refused_clearly()
    {
        using var tokens = TinyModels.Tokens(2, 8);
        var (folder, _) = SavedAdapter("one", 4, ["c_attn"], tokens);
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var composition = new LoraComposition(model, Sha);
        composition.Load("one", folder);

        Assert.Contains("already", Assert.Throws<ArgumentException>(() => composition.Load("one", folder)).Message);
        Assert.Contains("No adapter named 'two'", Assert.Throws<ArgumentException>(() => composition.Use(("two", 1.0))).Message);
        Assert.Throws<ArgumentException>(() => composition.Use(("one", double.NaN)));
        using var other = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Assert.Throws<InvalidDataException>(() => new LoraComposition(other, new string('b', 64)).Load("one", folder));
    }
}
