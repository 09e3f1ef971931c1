using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.Finetuning;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.Finetuning;

/// <summary>What is particular to the two fine-tuning baselines; the method matrix covers the rest.</summary>
public sealed class FinetuningTests : TemporaryFolder
{
    [Fact]
    public void Given_an_untied_language_model_When_applying_Finetuning_I_without_blocks_Then_only_the_lm_head_trains()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);

        Apply(new FinetuningHeadMethod(), model, new MethodOptions());

        Assert.Equal(["lm_head.weight"], Trainable(model));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2, "transformer.h.1.", "transformer.ln_f.")]
    [InlineData(ModelFamily.Llama, "model.layers.1.", "model.norm.")]
    public void Given_a_classifier_When_applying_Finetuning_I_with_one_block_Then_the_head_the_top_block_and_the_final_norm_train(
        ModelFamily family, string topBlock, string finalNorm)
    {
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.For(family), labels: 2, generator);
        var options = new MethodOptions { TrainableBlocks = 1 };

        Apply(new FinetuningHeadMethod(), model, options);

        var expected = model.named_parameters().Select(p => p.name)
            .Where(n => n == "score.weight" || n.StartsWith(topBlock, StringComparison.Ordinal) || n.StartsWith(finalNorm, StringComparison.Ordinal));
        Assert.Equal(expected, Trainable(model));
        var folder = Subfolder($"head-{family}");
        new FinetuningHeadMethod().Save(folder, model, options, new AdapterProvenance("finetuning_head", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        Assert.Equal(expected.Select(n => AdapterFiles.PeftKeyPrefix + n).Order(), SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)).Keys.Order());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(("FINETUNING_HEAD", 1), (config["peft_type"]!.GetValue<string>(), config["trainable_blocks"]!.GetValue<int>()));
    }

    [Fact]
    public void Given_a_tied_language_model_When_applying_Finetuning_I_without_blocks_Then_it_is_refused_because_nothing_would_train()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);

        var error = Assert.Throws<ArgumentException>(() => Apply(new FinetuningHeadMethod(), model, new MethodOptions()));

        Assert.Contains("tied", error.Message);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Given_more_blocks_than_the_model_has_When_applying_Finetuning_I_Then_a_clear_error()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);

        var error = Assert.Throws<ArgumentException>(() => Apply(new FinetuningHeadMethod(), model, new MethodOptions { TrainableBlocks = 3 }));

        Assert.Contains("between 0 and 2", error.Message);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_model_When_applying_Finetuning_II_Then_every_parameter_trains_and_is_saved(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        var folder = Subfolder($"full-{family}");

        Apply(new FinetuningFullMethod(), model, new MethodOptions());
        new FinetuningFullMethod().Save(folder, model, new MethodOptions(), new AdapterProvenance("finetuning_full", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));

        Assert.Equal(model.named_parameters().Select(p => p.name), Trainable(model));
        Assert.Equal(model.named_parameters().Select(p => AdapterFiles.PeftKeyPrefix + p.name).Order(), SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile)).Keys.Order());
        Assert.Equal("FULL", JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!["peft_type"]!.GetValue<string>());
    }

    private static IEnumerable<string> Trainable(nn.Module model) =>
        model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name);

    private static void Apply(IPeftMethod method, DecoderWithHead<Tensor> model, MethodOptions options)
    {
        using var generator = new Generator(1);
        method.Apply(model, options, generator);
    }
}
