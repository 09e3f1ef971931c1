using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Engine;
using Xunit;

namespace Platform.Training.Tests.Engine;

public sealed class LanguageModelTrainerTests : IDisposable
{
    private static readonly TextCorpus Corpus = new(BuiltInDatasetLoader.LoadText(BuiltInDatasets.BrownSample.Id));
    private readonly string artifacts = Directory.CreateTempSubdirectory("platform-trainer-").FullName;

    public void Dispose() => Directory.Delete(artifacts, recursive: true);

    private (RecordingObserver Observer, IReadOnlyDictionary<string, double> Final) Train(RunConfig config)
    {
        var observer = new RecordingObserver();
        var final = new LanguageModelTrainer().Train(config, Corpus, new CheckpointWriter(Path.Combine(artifacts, Guid.NewGuid().ToString())), observer, CancellationToken.None);
        return (observer, final);
    }

    [Fact]
    public void Given_the_brown_sample_When_training_50_steps_Then_the_loss_decreases()
    {
        var (observer, final) = Train(TrainingConfigs.Tiny(steps: 50));

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
        var first = Train(TrainingConfigs.Tiny(steps: 20, seed: 11)).Observer.Losses;
        var second = Train(TrainingConfigs.Tiny(steps: 20, seed: 11)).Observer.Losses;
        var otherSeed = Train(TrainingConfigs.Tiny(steps: 20, seed: 12)).Observer.Losses;

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Given_an_exploding_learning_rate_When_training_Then_a_non_finite_loss_stops_it_with_the_step()
    {
        var config = TrainingConfigs.Tiny(steps: 20) with { LearningRate = 1e30, WarmupSteps = 0, GradientClip = 0 };

        var failure = Assert.Throws<NonFiniteLossException>(() => Train(config));

        Assert.InRange(failure.Step, 2, 20);
        Assert.Contains("became", failure.Message);
    }

    [Fact]
    public void Given_a_checkpoint_When_reading_it_back_Then_every_tensor_and_the_hash_match()
    {
        var (observer, _) = Train(TrainingConfigs.Tiny(steps: 10) with { CheckpointEvery = 5 });

        Assert.Equal([5L, 10], observer.Checkpoints.Select(c => c.Step));
        var last = observer.Checkpoints[^1];
        Assert.Equal(new FileInfo(last.Path).Length, last.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(last.Path))), last.Sha256);
        var tensors = SafeTensors.Read(last.Path);
        Assert.Contains("transformer.wte.weight", tensors.Keys);
        Assert.Contains("transformer.h.1.attn.c_attn.weight", tensors.Keys);
        Assert.Equal([Corpus.Vocabulary.Size, 32L], tensors["transformer.wte.weight"].shape);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(last.Path)!, "config.json")));
    }
}
