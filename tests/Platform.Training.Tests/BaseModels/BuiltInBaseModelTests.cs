using Platform.Testing;
using Platform.Training.BaseModels;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Data.Corpora;
using Platform.Training.Generation;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.BaseModels;

/// <summary>The base model shipped in models/, as `./platform run` offers it.</summary>
public sealed class BuiltInBaseModelTests
{
    private static readonly string Folder = Path.Combine(TestEnvironment.RepositoryRoot, "models", new BaseModelRecipe().Name);

    [Fact]
    public void Given_the_shipped_model_When_evaluating_the_held_out_brown_texts_Then_its_perplexity_is_at_most_the_cards()
    {
        var card = BaseModelCard.Read(Folder);
        var tokenizer = TokenizerLoader.Load(Folder);
        var config = HuggingFaceCheckpoint.ReadConfig(Folder);
        using var generator = new Generator(0);
        using var model = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Load(Folder, config, model.named_parameters().Select(p => (p.name, p.parameter)));
        var (_, heldOut) = BrownCorpus.Split(BrownCorpus.Load(NpmDataPackages.Directory(BrownCorpus.PackageName)), card.Recipe.Seed);
        var endOfText = tokenizer.Special.EndOfSequence!.Id;
        var tokens = heldOut.SelectMany(t => tokenizer.Tokenizer.EncodeToIds(t.Text).Append(endOfText)).Select(id => (long)id).ToArray();

        var perplexity = BaseModelPretraining.HeldOutPerplexity(model, tokens, config.ContextLength);

        Assert.Equal(card.HeldOutTokens, tokens.LongLength);
        Assert.True(perplexity <= card.HeldOutPerplexity * 1.0001, $"measured {perplexity:F3}, card says {card.HeldOutPerplexity:F3}");
        Assert.InRange(new FileInfo(Path.Combine(Folder, HuggingFaceCheckpoint.WeightsFile)).Length, 1_000_000, 25_000_000);
    }

    [Fact]
    public void Given_the_shipped_recipe_When_pretraining_its_first_20_steps_again_Then_the_loss_curve_matches_the_cards()
    {
        var card = BaseModelCard.Read(Folder);
        var output = Directory.CreateTempSubdirectory("platform-pretrain-").FullName;
        try
        {
            // The first 20 steps lie inside the 100-step warm-up, where the learning rate does not depend on the
            // total step count: a 20-step run of the same recipe must retrace the shipped curve.
            var rerun = BaseModelPretraining.Run(
                card.Recipe with { Steps = 20, EvalEvery = 20 },
                NpmDataPackages.Directory(BrownCorpus.PackageName),
                output,
                new Engine.RecordingObserver(),
                CancellationToken.None);

            Assert.Equal(card.LossCurve.Take(2), rerun.LossCurve, (a, b) => Math.Abs(a - b) < 1e-4);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Given_the_shipped_model_When_continuing_a_prompt_Then_it_writes_english_words()
    {
        var tokenizer = TokenizerLoader.Load(Folder);
        var config = HuggingFaceCheckpoint.ReadConfig(Folder);
        using var generator = new Generator(0);
        using var model = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Load(Folder, config, model.named_parameters().Select(p => (p.name, p.parameter)));
        var prompt = tokenizer.Tokenizer.EncodeToIds("The jury said that the").Select(id => (long)id).ToArray();

        var continuation = TextGenerator.Generate(model, [prompt], new GenerationOptions { MaxNewTokens = 20, Temperature = 0 })[0];
        var text = tokenizer.Tokenizer.Decode(continuation.Select(t => (int)t));

        Assert.Matches("[a-z]{2,} [a-z]{2,}", text);
    }

    [Fact]
    public void Given_the_shipped_folder_When_describing_it_for_registration_Then_the_card_and_the_weights_hash_are_in_the_command()
    {
        var command = BaseModelFolder.Describe(Folder, "platform");

        Assert.Equal("brown-gpt2-small", command.Name);
        Assert.Equal(CheckpointFile.Describe(0, Path.Combine(Folder, HuggingFaceCheckpoint.WeightsFile)).Sha256, command.Sha256);
        Assert.Contains("held-out perplexity", command.Card);
        Assert.True(command.Metrics[BaseModelFolder.HeldOutPerplexity] > 1);
    }

    [Fact]
    public void Given_the_shipped_model_When_reading_its_config_Then_its_special_token_ids_are_the_tokenizers_end_of_text()
    {
        var config = HuggingFaceCheckpoint.ReadConfig(Folder);
        var endOfText = TokenizerLoader.Load(Folder).Special.EndOfSequence!.Id;

        // Without them Hugging Face's generation falls back to GPT-2's 50256, outside this vocabulary.
        Assert.Equal((endOfText, endOfText), (config.BeginningOfSequenceId, config.EndOfSequenceId));
        Assert.InRange(endOfText, 0, config.VocabularySize - 1);
        Assert.Null(config.PaddingId);
    }
}
