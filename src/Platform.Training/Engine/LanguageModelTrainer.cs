using Platform.Domain.Runs;
using Platform.Evaluation;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>
/// The training loop every causal-LM method shares: AdamW with decoupled decay, warm-up + schedule,
/// gradient accumulation, global-norm clipping, periodic evaluation with early stopping, and one
/// dispose scope per step so memory stays flat. Training and evaluation run under the config's
/// <see cref="Precision"/> (an <see cref="Autocast"/> scope); the weights stay float32.
/// </summary>
public sealed class LanguageModelTrainer
{
    private const int ValidationBatches = 20;

    /// <param name="saveCheckpoint">Writes the model at a step and describes the weights file; null saves nothing.</param>
    /// <param name="resumeFrom">A checkpoint folder of this run whose weights the model already holds: training continues after its step.</param>
    /// <returns>The final validation metrics (and the step training stopped at, when early stopping fired).</returns>
    /// <exception cref="NonFiniteLossException">The loss became NaN or infinite.</exception>
    public IReadOnlyDictionary<string, double> Train(
        CausalLanguageModel model,
        TokenSplits data,
        RunConfig config,
        Func<long, CheckpointFile>? saveCheckpoint,
        ITrainingObserver observer,
        CancellationToken cancellationToken,
        string? resumeFrom = null)
    {
        using var precision = Autocast.Enter(config.Precision);
        using var batches = new Generator((ulong)config.Seed + 1);
        using var optimizer = CreateOptimizer(model.parameters().Where(p => p.requires_grad), config);
        var step = resumeFrom is null ? 0 : (int)TrainingState.Restore(resumeFrom, optimizer, batches);
        var schedule = LearningRateSchedule.For(config);
        var reporter = new StepReporter(config, observer);
        var stoppedEarly = false;
        while (step < config.MaxSteps && !stoppedEarly)
        {
            step++;
            cancellationToken.ThrowIfCancellationRequested();
            var learningRate = schedule.At(step);
            var loss = OptimiserStep(model, optimizer, data, config, learningRate, batches, step);
            var tokens = (long)config.BatchSize * config.GradientAccumulationSteps * config.ContextLength;
            stoppedEarly = reporter.Report(step, loss, tokens, learningRate, () => ValidationLoss(model, data, config));

            if (saveCheckpoint is not null && (step % config.CheckpointEvery == 0 || step == config.MaxSteps || stoppedEarly))
            {
                using var written = NewDisposeScope();
                var checkpoint = saveCheckpoint(step);
                TrainingState.Write(Path.GetDirectoryName(checkpoint.Path)!, step, optimizer, batches);
                observer.OnCheckpoint(checkpoint);
            }
        }

        var finalLoss = ValidationLoss(model, data, config);
        var final = new Dictionary<string, double>
        {
            [MetricNames.ValidationLoss] = finalLoss,
            [MetricNames.ValidationPerplexity] = Perplexity.FromMeanNegativeLogLikelihood(finalLoss),
        };
        if (stoppedEarly)
        {
            final[MetricNames.StoppedEarlyAtStep] = step;
        }

        return final;
    }

    /// <summary>Mean validation loss (nats per token) over up to 20 batches, in the run's precision.</summary>
    public static double ValidationLoss(CausalLanguageModel model, TokenSplits data, RunConfig config)
    {
        using var precision = Autocast.Enter(config.Precision);
        return MeanLoss(model, data.ValidationBatches(config.BatchSize, config.ContextLength, ValidationBatches));
    }

    /// <summary>Mean next-token loss (nats per token) over the batches, under <c>no_grad</c> and <c>eval()</c>.</summary>
    public static double MeanLoss(CausalLanguageModel model, IEnumerable<(Tensor Inputs, Tensor Targets)> batches)
    {
        using var batchTensors = NewDisposeScope(); // the batches the enumerator makes, outside the per-batch scope
        using var _ = no_grad();
        model.eval();
        var mean = new TokenWeightedMean();
        foreach (var (inputs, targets) in batches)
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(inputs);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1));
            mean.Add(loss.item<float>(), targets.numel());
        }

        return mean.Value;
    }

    /// <summary>
    /// One optimiser step over BatchSize × accumulation windows, sampled at once and split into
    /// micro-batches, so the update equals that of one large batch.
    /// </summary>
    private static double OptimiserStep(
        CausalLanguageModel model, HeldScalarAdamW optimizer, TokenSplits data, RunConfig config, double learningRate, Generator batches, int step)
    {
        using var scope = NewDisposeScope();
        model.train();
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        optimizer.zero_grad();
        var (inputs, targets) = data.SampleTrainingBatch(config.BatchSize * config.GradientAccumulationSteps, config.ContextLength, batches);
        var lossSum = 0.0;
        using var microBatches = config.GradientAccumulationSteps.ToScalar();
        for (var micro = 0; micro < config.GradientAccumulationSteps; micro++)
        {
            var rows = (micro * config.BatchSize)..((micro + 1) * config.BatchSize);
            var logits = model.forward(inputs[rows]); // (B,T,V)
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets[rows].view(-1));
            var lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue))
            {
                throw new NonFiniteLossException(step, lossValue);
            }

            (loss / microBatches).backward();
            lossSum += lossValue;
        }

        if (config.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
        }

        optimizer.step();
        return lossSum / config.GradientAccumulationSteps;
    }

    /// <summary>Decoupled weight decay on matrices and embeddings only; biases and norm gains are not decayed.</summary>
    internal static HeldScalarAdamW CreateOptimizer(IEnumerable<Parameter> trainable, RunConfig config)
    {
        var parameters = trainable.ToList();
        return new HeldScalarAdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = config.WeightDecay }),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0 }),
        ],
        learningRate: config.LearningRate,
        beta1: 0.9,
        beta2: 0.95);
    }
}
