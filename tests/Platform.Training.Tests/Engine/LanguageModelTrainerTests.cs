using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Engine;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Engine;

public sealed class LanguageModelTrainerTests : IDisposable
{
    private static readonly TextCorpus Corpus = new(BuiltInDatasetLoader.LoadText(BuiltInDatasets.BrownSample.Id));
    private readonly string artifacts = Directory.CreateTempSubdirectory("platform-trainer-").FullName;

    public void Dispose() => Directory.Delete(artifacts, recursive: true);

    private (RecordingObserver Observer, IReadOnlyDictionary<string, double> Final) Pretrain(RunConfig config)
    {
        var observer = new RecordingObserver();
        var final = CharacterPretraining.Run(config, Path.Combine(artifacts, Guid.NewGuid().ToString()), observer, CancellationToken.None);
        return (observer, final);
    }

    [Fact]
    public void Given_the_brown_sample_When_training_50_steps_Then_the_loss_decreases()
    {
        var (observer, final) = Pretrain(TrainingConfigs.Tiny(steps: 50));

        var losses = observer.Losses;
        Assert.Equal(10, losses.Count);
        // A uniform guess over the 77 characters costs ln 77 ≈ 4.34 nats; the model must learn well below it.
        Assert.True(losses[^1] < losses[0] - 0.5, $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.True(final[MetricNames.ValidationLoss] < Math.Log(Corpus.Vocabulary.Size));
        Assert.Equal(Math.Exp(final[MetricNames.ValidationLoss]), final[MetricNames.ValidationPerplexity], 9);
        Assert.All(observer.Metrics, p => Assert.True(p.Values[MetricNames.TokensPerSecond] > 0));
    }

    [Fact]
    public void Given_the_same_seed_When_training_twice_Then_the_losses_are_identical()
    {
        var first = Pretrain(TrainingConfigs.Tiny(steps: 20, seed: 11)).Observer.Losses;
        var second = Pretrain(TrainingConfigs.Tiny(steps: 20, seed: 11)).Observer.Losses;
        var otherSeed = Pretrain(TrainingConfigs.Tiny(steps: 20, seed: 12)).Observer.Losses;

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Given_bf16_mixed_precision_When_training_50_steps_Then_the_loss_decreases()
    {
        var (observer, final) = Pretrain(TrainingConfigs.Tiny(steps: 50) with { Precision = Precision.BFloat16Mixed });

        var losses = observer.Losses;
        Assert.True(losses[^1] < losses[0] - 0.5, $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.True(final[MetricNames.ValidationLoss] < Math.Log(Corpus.Vocabulary.Size));
    }

    [Fact]
    public void Given_bf16_mixed_precision_and_the_same_seed_When_training_twice_Then_the_losses_are_identical_and_differ_from_fp32()
    {
        var config = TrainingConfigs.Tiny(steps: 10, seed: 11) with { LogEvery = 1 };
        var first = TrainOnce(config with { Precision = Precision.BFloat16Mixed });
        var second = TrainOnce(config with { Precision = Precision.BFloat16Mixed });
        var fp32 = TrainOnce(config);

        Assert.Equal(first, second);
        Assert.NotEqual(first, fp32);
    }

    [Fact]
    public void Given_bf16_mixed_precision_When_training_Then_the_master_weights_stay_float32()
    {
        var config = TrainingConfigs.Tiny(steps: 3) with { Precision = Precision.BFloat16Mixed };
        using var generator = new Generator(3);
        using var model = new CausalLanguageModel(TinyModel(config), generator);

        new LanguageModelTrainer().Train(model, Corpus.Splits, config, saveCheckpoint: null, new RecordingObserver(), CancellationToken.None);

        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
        Assert.Equal(Precision.Float32, Autocast.Current);
    }

    [Fact]
    public void Given_an_exploding_learning_rate_When_training_Then_a_non_finite_loss_stops_it_with_the_step()
    {
        var config = TrainingConfigs.Tiny(steps: 20) with { LearningRate = 1e30, WarmupSteps = 0, GradientClip = 0 };

        var failure = Assert.Throws<NonFiniteLossException>(() => Pretrain(config));

        Assert.InRange(failure.Step, 2, 20);
        Assert.Contains("became", failure.Message);
    }

    [Fact]
    public void Given_accumulation_When_training_Then_the_update_equals_one_large_batch()
    {
        var config = TrainingConfigs.Tiny(steps: 4) with { LogEvery = 1, GradientClip = 0 };
        var whole = TrainOnce(config with { BatchSize = 8, GradientAccumulationSteps = 1 });
        var accumulated = TrainOnce(config with { BatchSize = 4, GradientAccumulationSteps = 2 });

        Assert.Equal(whole.Count, accumulated.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole[i], accumulated[i], 4);
        }
    }

    [Fact]
    public void Given_periodic_evaluation_and_no_progress_When_training_Then_early_stopping_ends_the_run_after_its_patience()
    {
        var config = TrainingConfigs.Tiny(steps: 200) with { LearningRate = 1e-9, WarmupSteps = 0, EvalEvery = 5, EarlyStoppingPatience = 2 };

        var (observer, final) = Pretrain(config);

        Assert.Equal(15, final[MetricNames.StoppedEarlyAtStep]);
        Assert.Equal([5L, 10, 15], observer.Metrics.Where(p => p.Values.ContainsKey(MetricNames.ValidationLoss)).Select(p => p.Step));
        Assert.Equal(15, observer.Checkpoints[^1].Step);
    }

    [Fact]
    public void Given_a_checkpoint_When_reading_it_back_Then_it_is_a_hugging_face_folder_with_the_characters()
    {
        var (observer, _) = Pretrain(TrainingConfigs.Tiny(steps: 10) with { CheckpointEvery = 5 });

        Assert.Equal([5L, 10], observer.Checkpoints.Select(c => c.Step));
        var last = observer.Checkpoints[^1];
        Assert.Equal(new FileInfo(last.Path).Length, last.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(last.Path))), last.Sha256);
        var folder = Path.GetDirectoryName(last.Path)!;
        var config = HuggingFaceCheckpoint.ReadConfig(folder);
        Assert.Equal(Corpus.Vocabulary.Size, config.VocabularySize);
        Assert.True(File.Exists(Path.Combine(folder, "characters.json")));
        using var generator = new Generator(1);
        using var loaded = new CausalLanguageModel(config, generator);
        HuggingFaceCheckpoint.Load(folder, config, loaded.named_parameters().Select(p => (p.name, p.parameter)));
    }

    [Fact]
    public void Given_a_checkpoint_with_training_state_When_resuming_in_a_fresh_trainer_Then_the_remaining_losses_equal_an_uninterrupted_run()
    {
        var config = TrainingConfigs.Tiny(steps: 10) with { LogEvery = 1, CheckpointEvery = 5 };
        var modelConfig = new DecoderConfig { VocabularySize = Corpus.Vocabulary.Size, ContextLength = config.ContextLength, Layers = 2, Heads = 2, EmbeddingSize = 32 };
        var runDirectory = Path.Combine(artifacts, "resume");
        var uninterrupted = new RecordingObserver();
        using (var generator = new Generator(3))
        using (var model = new CausalLanguageModel(modelConfig, generator))
        {
            var checkpoints = new CheckpointWriter(runDirectory);
            new LanguageModelTrainer().Train(model, Corpus.Splits, config, step => checkpoints.Write(step, model, _ => { }), uninterrupted, CancellationToken.None);
        }

        var resumed = new RecordingObserver();
        var fromStep5 = Path.Combine(runDirectory, "step-000005");
        using (var generator = new Generator(99))
        using (var model = new CausalLanguageModel(modelConfig, generator))
        {
            HuggingFaceCheckpoint.Load(fromStep5, modelConfig, model.named_parameters().Select(p => (p.name, p.parameter)));
            new LanguageModelTrainer().Train(model, Corpus.Splits, config, saveCheckpoint: null, resumed, CancellationToken.None, resumeFrom: fromStep5);
        }

        Assert.Equal([6L, 7, 8, 9, 10], resumed.Metrics.Select(p => p.Step));
        Assert.Equal(uninterrupted.Losses.Skip(5), resumed.Losses);
    }

    [Fact]
    public void Given_a_weights_only_folder_When_resuming_Then_the_error_says_it_has_no_training_state()
    {
        using var generator = new Generator(3);
        using var model = new CausalLanguageModel(new DecoderConfig { VocabularySize = Corpus.Vocabulary.Size, ContextLength = 32, Layers = 1, Heads = 2, EmbeddingSize = 32 }, generator);

        var error = Assert.Throws<FileNotFoundException>(() =>
            new LanguageModelTrainer().Train(model, Corpus.Splits, TrainingConfigs.Tiny(), saveCheckpoint: null, new RecordingObserver(), CancellationToken.None, resumeFrom: artifacts));

        Assert.Contains("no training state", error.Message);
    }

    private static DecoderConfig TinyModel(RunConfig config) =>
        new() { VocabularySize = Corpus.Vocabulary.Size, ContextLength = config.ContextLength, Layers = 2, Heads = 2, EmbeddingSize = 32 };

    private static List<double> TrainOnce(RunConfig config)
    {
        using var generator = new Generator(3);
        using var model = new CausalLanguageModel(TinyModel(config), generator);
        var observer = new RecordingObserver();
        new LanguageModelTrainer().Train(model, Corpus.Splits, config, saveCheckpoint: null, observer, CancellationToken.None);
        return [.. observer.Losses];
    }
}
