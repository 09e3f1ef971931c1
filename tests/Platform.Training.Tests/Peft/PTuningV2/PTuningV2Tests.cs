using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.PTuningV2;
using Platform.Training.Tests.Tokenization;
using Platform.Training.Tests.Models;
using Xunit;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PTuningV2;

/// <summary>
/// What is particular to P-tuning v2: deep prompts trained directly, also under a token-classification head, and
/// the paper's classification head on the first token.
/// </summary>
public sealed class PTuningV2Tests : TemporaryFolder
{
    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_token_classifier_with_deep_prompts_When_labelling_a_padded_batch_Then_it_gives_one_row_per_real_token_and_trains(ModelFamily family)
    {
        using var generator = new Generator(3);
        using var model = new TokenClassifier(TinyModels.For(family), labels: 5, generator);
        new PTuningV2Method().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        using var tokens = TinyModels.Tokens(2, 7);
        using var mask = tensor(new long[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 7]);
        using var labels = randint(5, [2, 7], generator: generator);

        using var logits = model.forward(tokens, new DecoderInputs(mask));
        using var loss = nn.functional.cross_entropy(logits.reshape(-1, 5), labels.reshape(-1));
        loss.backward();

        Assert.Equal([2, 7, 5], logits.shape);
        var trained = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        // Hugging Face's names: GPT2ForTokenClassification's head is "classifier", LlamaForTokenClassification's "score".
        var (backbone, head) = family == ModelFamily.Gpt2 ? ("transformer", "classifier") : ("model", "score");
        Assert.Equal(new[] { $"{head}.bias", $"{head}.weight", $"{backbone}.prompt_encoder.embedding" }.Order(), trained.Select(p => p.name).Order());
        Assert.All(trained, p => Assert.True(p.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0, $"{p.name} has no gradient"));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_the_head_on_the_first_token_When_training_Then_the_deep_prompts_and_the_head_learn_and_the_adapter_keeps_the_pooling(ModelFamily family)
    {
        var folder = Subfolder($"first-token-{family}");
        var options = PeftMethodMatrixTests.Tiny with { Pooling = SequencePooling.FirstToken };
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.For(family), labels: 2, generator, options.Pooling);
        new PTuningV2Method().Apply(model, options, generator);
        // The first token alone decides the label: all the head can see in a causal decoder.
        using var tokens = TinyModels.Tokens(16, 6);
        using var labels = tokens[.., 0].remainder(Two);
        using var optimizer = AdapterTraining.Optimizer(model.parameters().Where(p => p.requires_grad), learningRate: 3e-2);
        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.cross_entropy(model.forward(tokens), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < losses[0] * 0.5, $"loss {losses[0]} -> {losses[^1]}");
        var sha = new string('a', 64);
        new PTuningV2Method().Save(folder, model, options, new AdapterProvenance("p_tuning_v2", "tiny", family.ToString(), sha, TinyModels.BaseFolder));
        using var sameBase = new Generator(3);
        using var fresh = new SequenceClassifier(TinyModels.For(family), labels: 2, sameBase);
        var loaded = new PTuningV2Method().Load(folder, fresh, sha);
        model.eval();
        fresh.eval();
        using var _ = no_grad();
        Assert.Equal(SequencePooling.FirstToken, loaded.Pooling);
        Assert.Equal(SequencePooling.FirstToken, fresh.Pooling);
        Assert.Equal("FirstToken", AdapterFiles.ReadConfig(folder)["sequence_pooling"]!.GetValue<string>());
        Assert.True(model.forward(tokens).allclose(fresh.forward(tokens), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Given_an_adapter_config_naming_an_unknown_pooling_When_loading_Then_the_error_names_it()
    {
        var folder = Subfolder("unknown-pooling");
        var sha = new string('a', 64);
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.Gpt2, labels: 2, generator, SequencePooling.Mean);
        new PTuningV2Method().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        new PTuningV2Method().Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("p_tuning_v2", "tiny", "Gpt2", sha, TinyModels.BaseFolder));
        var path = Path.Combine(folder, AdapterFiles.ConfigFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Mean\"", "\"cls_index\"", StringComparison.Ordinal));

        using var fresh = new SequenceClassifier(TinyModels.Gpt2, labels: 2, new Generator(9));
        var error = Assert.Throws<InvalidDataException>(() => new PTuningV2Method().Load(folder, fresh, sha));

        Assert.Contains("unknown sequence_pooling 'cls_index'", error.Message);
    }

    [Fact]
    public void Given_an_adapter_config_whose_label_ids_skip_one_When_loading_Then_the_error_names_the_field()
    {
        var folder = Subfolder("gapped-labels");
        var sha = new string('a', 64);
        using var generator = new Generator(3);
        using var model = new SequenceClassifier(TinyModels.Gpt2, labels: 2, generator) { Labels = ["ham", "spam"] };
        new PTuningV2Method().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        new PTuningV2Method().Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("p_tuning_v2", "tiny", "Gpt2", sha, TinyModels.BaseFolder));
        var path = Path.Combine(folder, AdapterFiles.ConfigFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"1\": \"spam\"", "\"2\": \"spam\"", StringComparison.Ordinal));

        using var fresh = new SequenceClassifier(TinyModels.Gpt2, labels: 2, new Generator(9));
        var error = Assert.Throws<InvalidDataException>(() => new PTuningV2Method().Load(folder, fresh, sha));

        Assert.Contains("id2label must map the ids 0 to 1", error.Message);
    }
}
