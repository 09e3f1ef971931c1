using System.Diagnostics;
using Platform.Domain.Runs;
using Platform.Evaluation;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>The training loop: AdamW, warm-up + cosine schedule, global-norm clipping, one dispose scope per step.</summary>
public sealed class LanguageModelTrainer
{
    private const int ValidationBatches = 20;

    /// <summary>Trains a fresh model on <paramref name="corpus"/> and returns the final validation metrics.</summary>
    /// <exception cref="NonFiniteLossException">The loss became NaN or infinite.</exception>
    public IReadOnlyDictionary<string, double> Train(
        RunConfig config, TextCorpus corpus, CheckpointWriter checkpoints, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var modelConfig = new DecoderConfig
        {
            Family = ModelFamily.Gpt2,
            VocabularySize = corpus.Vocabulary.Size,
            ContextLength = config.ContextLength,
            Layers = config.Layers,
            Heads = config.Heads,
            EmbeddingSize = config.EmbeddingSize,
        };
        using var initialisation = new Generator((ulong)config.Seed);
        using var batches = new Generator((ulong)config.Seed + 1);
        using var model = new CausalLanguageModel(modelConfig, initialisation);
        using var optimizer = CreateOptimizer(model, config);
        var schedule = new LearningRateSchedule(config.LearningRate, config.WarmupSteps, config.MaxSteps);

        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats();
        for (var step = 1; step <= config.MaxSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            model.train();
            var learningRate = schedule.At(step);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var (inputs, targets) = corpus.SampleTrainingBatch(config.BatchSize, config.ContextLength, batches);
            var logits = model.forward(inputs); // (B,T,V)
            var loss = nn.functional.cross_entropy(logits.view(-1, modelConfig.VocabularySize), targets.view(-1));
            var lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue))
            {
                throw new NonFiniteLossException(step, lossValue);
            }

            optimizer.zero_grad();
            loss.backward();
            if (config.GradientClip > 0)
            {
                nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
            }

            optimizer.step();
            interval.Add(lossValue, inputs.numel());

            if (step % config.LogEvery == 0 || step == config.MaxSteps)
            {
                observer.OnMetrics(new MetricPoint(step, DateTimeOffset.UtcNow, new Dictionary<string, double>
                {
                    [MetricNames.TrainLoss] = interval.MeanLoss,
                    [MetricNames.LearningRate] = learningRate,
                    [MetricNames.TokensPerSecond] = interval.TokensPerSecond(clock.Elapsed),
                }));
                interval = new IntervalStats(clock.Elapsed);
            }

            if (step % config.CheckpointEvery == 0 || step == config.MaxSteps)
            {
                observer.OnCheckpoint(checkpoints.Write(step, model, corpus.Vocabulary.WriteTo));
            }
        }

        var validationLoss = ValidationLoss(model, corpus, config);
        return new Dictionary<string, double>
        {
            [MetricNames.ValidationLoss] = validationLoss,
            [MetricNames.ValidationPerplexity] = Perplexity.FromMeanNegativeLogLikelihood(validationLoss),
        };
    }

    public static double ValidationLoss(CausalLanguageModel model, TextCorpus corpus, RunConfig config)
    {
        using var _ = no_grad();
        model.eval();
        var mean = new TokenWeightedMean();
        foreach (var (inputs, targets) in corpus.ValidationBatches(config.BatchSize, config.ContextLength, ValidationBatches))
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(inputs);
            var loss = nn.functional.cross_entropy(logits.view(-1, model.Config.VocabularySize), targets.view(-1));
            mean.Add(loss.item<float>(), targets.numel());
        }

        return mean.Value;
    }

    /// <summary>Decoupled weight decay on matrices and embeddings only; biases and norm gains are not decayed.</summary>
    private static AdamW CreateOptimizer(CausalLanguageModel model, RunConfig config)
    {
        var parameters = model.parameters().ToList();
        return optim.AdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = config.WeightDecay }),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0 }),
        ],
        lr: config.LearningRate,
        beta1: 0.9,
        beta2: 0.95);
    }

    /// <summary>Loss and throughput since the last logged point.</summary>
    private sealed class IntervalStats(TimeSpan start = default)
    {
        private double lossSum;
        private int steps;
        private long tokens;

        public double MeanLoss => lossSum / steps;

        public void Add(double loss, long batchTokens)
        {
            lossSum += loss;
            steps++;
            tokens += batchTokens;
        }

        public double TokensPerSecond(TimeSpan now) => tokens / Math.Max(1e-9, (now - start).TotalSeconds);
    }
}
