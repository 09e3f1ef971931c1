using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Testing;
using Platform.Training.Generation;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.PTuning;
using Platform.Training.Tasks;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Platform.Training.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.PTuning;

/// <summary>
/// P-tuning's template "[P P] x [P P] y": two virtual tokens before the input and two after it, the latter as
/// placeholder ids among the tokens. Placement is checked against the base model fed the same vectors as
/// vocabulary tokens (rows 40–43 of its embedding), which is what the template means.
/// </summary>
public sealed class PromptTemplateTests : TemporaryFolder
{
    private static readonly MethodOptions Template = PeftMethodMatrixTests.Tiny with { VirtualTokens = 4, VirtualTokensAfterInput = 2 };
    private static readonly long[] AfterInput = new PromptTemplate(4, 2).AfterInputIds;

    private static CausalLanguageModel PTuned(ModelFamily family)
    {
        var model = TinyModels.LanguageModel(family);
        using var generator = new Generator(21);
        new PTuningMethod().Apply(model, Template, generator);
        model.eval();
        return model;
    }

    /// <summary>The base model whose vocabulary rows 40–43 are the P-tuned model's four virtual tokens.</summary>
    private static CausalLanguageModel WithVirtualTokensAsWords(ModelFamily family, CausalLanguageModel pTuned)
    {
        var model = TinyModels.LanguageModel(family);
        using (no_grad())
        {
            model.Backbone.TokenEmbedding.narrow(0, 40, 4).copy_(pTuned.modules().OfType<InputPrompt>().Single().Embeddings());
        }

        model.eval();
        return model;
    }

    [Fact]
    public void Given_a_template_When_reading_its_placeholders_Then_they_name_the_virtual_tokens_after_the_input_and_no_word()
    {
        Assert.Equal([-3L, -4L], AfterInput);
        Assert.Equal(2, new PromptTemplate(4, 2).BeforeInput);
        Assert.Empty(PromptTemplate.None.AfterInputIds);
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_right_padded_batch_with_placeholders_When_the_backbone_runs_Then_each_real_token_sees_what_it_would_with_the_prompts_written_as_words(ModelFamily family)
    {
        using var pTuned = PTuned(family);
        using var reference = WithVirtualTokensAsWords(family, pTuned);
        // "[P P] 5 9 11 [P P]" and "[P P] 7 [P P]" padded on the right.
        using var tokens = tensor(new long[] { 5, 9, 11, AfterInput[0], AfterInput[1], 7, AfterInput[0], AfterInput[1], 0, 0 }, [2, 5]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 5]);
        using var written = tensor(new long[] { 40, 41, 5, 9, 11, 42, 43, 40, 41, 7, 42, 43, 0, 0 }, [2, 7]);
        using var writtenMask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 7]);

        using var _ = no_grad();
        using var hidden = pTuned.Backbone.forward(tokens, new DecoderInputs(mask));
        using var expected = reference.Backbone.forward(written, new DecoderInputs(writtenMask))[.., 2..];

        Assert.Equal([2, 5, 16], hidden.shape);
        using var real = mask.to(ScalarType.Bool).unsqueeze(-1);
        Assert.True(hidden.masked_select(real).allclose(expected.masked_select(real), rtol: 1e-5, atol: 1e-6), $"max difference {(hidden - expected).abs().masked_select(real).max().item<float>()}");
        Assert.Equal(2, pTuned.Backbone.VirtualTokenCount);
    }

    [Fact]
    public void Given_prompts_ending_in_placeholders_When_generating_a_left_padded_batch_with_the_cache_Then_the_tokens_are_those_of_the_prompts_written_as_words()
    {
        // Llama's head is not tied to its embedding, so rows 40–43 change nothing but the inputs; both models get
        // them, so that a generated 40–43 reads the same in both.
        using var pTuned = PTuned(ModelFamily.Llama);
        using var reference = WithVirtualTokensAsWords(ModelFamily.Llama, pTuned);
        using (no_grad())
        {
            pTuned.Backbone.TokenEmbedding.copy_(reference.Backbone.TokenEmbedding);
        }

        long[][] prompts = [[5, 9, 11, .. AfterInput], [7, .. AfterInput]];
        var greedy = new GenerationOptions { MaxNewTokens = 8, Temperature = 0 };
        var sampled = new GenerationOptions { MaxNewTokens = 8, Temperature = 0.7, TopK = 20, RepetitionPenalty = 1.3, Seed = 4 };

        var generated = TextGenerator.Generate(pTuned, prompts, greedy);
        var expected = TextGenerator.Generate(reference, [[40, 41, 5, 9, 11, 42, 43], [40, 41, 7, 42, 43]], greedy);

        Assert.Equal(expected, generated);
        Assert.Equal(TextGenerator.Generate(pTuned, prompts, sampled with { UseKvCache = false }), TextGenerator.Generate(pTuned, prompts, sampled));
    }

    [Fact]
    public void Given_a_P_tuning_adapter_with_a_template_When_saved_and_loaded_Then_the_template_comes_back_and_the_logits_are_identical()
    {
        var folder = Subfolder("template");
        using var pTuned = PTuned(ModelFamily.Gpt2);
        var sha = new string('a', 64);
        new PTuningMethod().Save(folder, pTuned, Template, new AdapterProvenance("p_tuning", "tiny", "Gpt2", sha, TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(ModelFamily.Gpt2);

        var options = new PTuningMethod().Load(folder, fresh, sha);

        fresh.eval();
        using var tokens = tensor(new long[] { 5, 9, AfterInput[0], AfterInput[1] }, [1, 4]);
        using var _ = no_grad();
        Assert.True(pTuned.forward(tokens).allclose(fresh.forward(tokens), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(2, options.VirtualTokensAfterInput);
        Assert.Equal(2, AdapterFiles.ReadConfig(folder)["num_virtual_tokens_after_input"]!.GetValue<int>());
    }

    [Fact]
    public void Given_P_tuning_without_a_template_When_saved_Then_the_config_holds_only_PEFTs_fields()
    {
        var folder = Subfolder("peft");
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using (var generator = new Generator(21))
        {
            new PTuningMethod().Apply(model, PeftMethodMatrixTests.Tiny, generator);
        }

        new PTuningMethod().Save(folder, model, PeftMethodMatrixTests.Tiny, new AdapterProvenance("p_tuning", "tiny", "Gpt2", new string('a', 64), TinyModels.BaseFolder));

        Assert.False(AdapterFiles.ReadConfig(folder).ContainsKey("num_virtual_tokens_after_input"));
    }

    [Fact]
    public void Given_more_virtual_tokens_after_the_input_than_the_prompt_has_When_applying_Then_a_clear_problem_and_nothing_changes()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var generator = new Generator(1);

        var error = Assert.Throws<ArgumentException>(() => new PTuningMethod().Apply(model, Template with { VirtualTokensAfterInput = 5 }, generator));

        Assert.Contains("5 virtual tokens after the input do not fit a prompt of 4", error.Message);
        Assert.Equal(0, model.Backbone.VirtualTokenCount);
    }

    [Fact]
    public void Given_instruction_records_and_a_template_When_encoded_Then_the_placeholders_sit_between_prompt_and_response_and_the_last_one_predicts_the_response()
    {
        var tokenizer = ShippedTokenizer();
        var record = new TaskRecord(new JsonObject { ["instruction"] = "Spell cat", ["input"] = "", ["output"] = "C A T" }, SplitSpec.Train);

        var task = new InstructionTuningTask([record], DatasetTaskKind.Instruction, tokenizer, contextLength: 32, AfterInput);

        var prompt = Ids(tokenizer, "Spell cat\n");
        var response = Ids(tokenizer, "C A T").Append(tokenizer.Special.EndOfSequence!.Id).ToArray();
        var example = Assert.Single(task.Data[SplitSpec.Train]);
        Assert.Equal([.. prompt, .. AfterInput, .. response[..^1]], example.Tokens);
        long ignored = EncodedSplits.IgnoredTarget;
        Assert.Equal([.. prompt.Select(_ => ignored), ignored, .. response], example.Targets);
    }

    [Fact]
    public void Given_a_text_and_a_template_When_encoded_for_classification_Then_the_text_keeps_room_for_the_placeholders_after_it()
    {
        var tokenizer = ShippedTokenizer();
        var records = new[] { "spam", "ham" }.Select(label => new TaskRecord(new JsonObject { ["text"] = string.Join(' ', Enumerable.Repeat("money", 40)), ["label"] = label }, SplitSpec.Train)).ToList();

        var task = new SequenceClassificationTask(records, tokenizer, contextLength: 16, AfterInput, SequencePooling.LastToken);

        Assert.All(task.Data[SplitSpec.Train], example =>
        {
            Assert.Equal(16, example.Tokens.Length);
            Assert.Equal(AfterInput, example.Tokens[^2..]);
            Assert.All(example.Tokens[..^2], id => Assert.True(id >= 0));
        });
    }

    private static LoadedTokenizer ShippedTokenizer() => TokenizerLoader.Load(Path.Combine(TestEnvironment.RepositoryRoot, "models", new BaseModelRecipe().Name));

    private static long[] Ids(LoadedTokenizer tokenizer, string text) => tokenizer.Tokenizer.EncodeToIds(text).Select(id => (long)id).ToArray();
}
