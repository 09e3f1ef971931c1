using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Peft.PTuning;
using Platform.Training.Peft;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PTuning;

/// <summary>What is particular to P-tuning: a bidirectional LSTM encoder whose both directions train.</summary>
public sealed class PTuningTests : TemporaryFolder
{
    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_P_tuning_When_training_Then_the_weights_of_both_LSTM_directions_and_of_every_LSTM_layer_move(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        AdapterTraining.ScaleToPretrainedSize(model);
        using (var generator = new Generator(21))
        {
            new PTuningMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        var lstm = model.named_parameters().Where(p => p.name.Contains(".lstm_head.", StringComparison.Ordinal)).ToDictionary(p => p.name.Split('.')[^1], p => p.parameter.detach().clone());

        AdapterTraining.Train(model, steps: 3, learningRate: 3e-2, weightDecay: 0);

        Assert.Equal(
            new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1" }
                .SelectMany(name => new[] { name, name + "_reverse" }).Order(),
            lstm.Keys.Order());
        Assert.All(model.named_parameters().Where(p => p.name.Contains(".lstm_head.", StringComparison.Ordinal)), p =>
            Assert.False(p.parameter.equal(lstm[p.name.Split('.')[^1]]).all().item<bool>(), $"{p.name} did not move"));
    }

    [Fact]
    public void Given_the_prompt_encoder_When_evaluated_under_no_grad_Then_its_prompts_are_those_training_sees()
    {
        using var generator = new Generator(3);
        using var encoder = new PromptEncoder(virtualTokens: 4, afterInput: 0, embeddingSize: 16, hiddenSize: 8, dropout: 0, generator);
        encoder.eval();

        using var training = encoder.Embeddings().detach();
        Tensor evaluation;
        using (no_grad())
        {
            evaluation = encoder.Embeddings().detach();
        }

        Assert.Equal([4, 16], training.shape);
        Assert.True(training.equal(evaluation).all().item<bool>(), $"max difference {(training - evaluation).abs().max().item<float>()}");
    }

    [Fact]
    public void Given_a_saved_P_tuning_adapter_When_loading_it_Then_the_prompts_come_back_without_the_encoder()
    {
        var folder = Subfolder("p-tuning");
        using var model = TinyModels.LanguageModel(ModelFamily.Llama);
        using (var generator = new Generator(21))
        {
            new PTuningMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        using var prompts = model.modules().OfType<InputPrompt>().Single().Embeddings().detach().clone();
        new PTuningMethod().Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("p_tuning", "tiny", "Llama", new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(ModelFamily.Llama);
        new PTuningMethod().Load(folder, fresh, new string('a', 64));

        Assert.DoesNotContain(fresh.named_parameters(), p => p.name.Contains("lstm_head", StringComparison.Ordinal) || p.name.Contains("mlp_head", StringComparison.Ordinal));
        Assert.True(prompts.equal(fresh.modules().OfType<InputPrompt>().Single().Embeddings()).all().item<bool>());
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!;
        Assert.Equal(("P_TUNING", "LSTM", 16), (config["peft_type"]!.GetValue<string>(), config["encoder_reparameterization_type"]!.GetValue<string>(), config["encoder_hidden_size"]!.GetValue<int>()));
    }
}
