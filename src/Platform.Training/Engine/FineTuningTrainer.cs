using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Strategies;
using Platform.Training.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>
/// The loop every fine-tuning method shares, whatever the task: AdamW over what the method (and any
/// strategy) trains, warm-up + schedule, gradient accumulation, global-norm clipping, periodic
/// validation with early stopping, the hooks of methods and strategies at each step, one dispose
/// scope per step.
/// </summary>
public static class FineTuningTrainer
{
    /// <summary>Validation examples scored at each periodic evaluation (the final evaluation uses all).</summary>
    private const int PeriodicValidationExamples = 256;

    /// <returns>Steps run and the tokens per second over the whole run.</returns>
    /// <exception cref="NonFiniteLossException">The loss became NaN or infinite.</exception>
    public static (int Steps, double TokensPerSecond) Train(
        DecoderWithHead<Tensor> model,
        IFineTuningTask task,
        RunConfig config,
        IReadOnlyList<ITrainingHook> hooks,
        ITrainingObserver observer,
        CancellationToken cancellationToken)
    {
        using var precision = Autocast.Enter(config.Precision);
        using var batches = new Generator((ulong)config.Seed + 1);
        var trainable = TrainingStrategyHooks.OptimisedParameters(model, hooks);
        using var optimizer = LanguageModelTrainer.CreateOptimizer(trainable, config);
        var schedule = LearningRateSchedule.For(config);
        var reporter = new StepReporter(config, observer);
        var step = 0;
        var stoppedEarly = false;
        while (step < config.MaxSteps && !stoppedEarly)
        {
            step++;
            cancellationToken.ThrowIfCancellationRequested();
            var learningRate = schedule.At(step);
            var (loss, tokens) = OptimiserStep(model, task, optimizer, trainable, hooks, config, learningRate, batches, step);
            stoppedEarly = reporter.Report(step, loss, tokens, learningRate, () => ValidationLoss(model, task, config));
        }

        return (step, reporter.TokensPerSecond);
    }

    private static double ValidationLoss(DecoderWithHead<Tensor> model, IFineTuningTask task, RunConfig config)
    {
        using var batchTensors = NewDisposeScope(); // the batches the enumerator makes, outside the per-batch scope
        using var _ = no_grad();
        model.eval();
        var sum = 0.0;
        var count = 0L;
        foreach (var batch in task.Data.Batches(SplitSpec.Validation, config.BatchSize, PeriodicValidationExamples))
        {
            using var scope = NewDisposeScope();
            sum += task.Loss(model.forward(batch.Tokens, batch.Inputs), batch).item<float>() * batch.Tokens.shape[0];
            count += batch.Tokens.shape[0];
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private static (double Loss, long Tokens) OptimiserStep(
        DecoderWithHead<Tensor> model,
        IFineTuningTask task,
        HeldScalarAdamW optimizer,
        IReadOnlyList<Parameter> trainable,
        IReadOnlyList<ITrainingHook> hooks,
        RunConfig config,
        double learningRate,
        Generator batches,
        int step)
    {
        using var scope = NewDisposeScope();
        model.train();
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        foreach (var hook in hooks)
        {
            hook.BeginStep(step);
        }

        optimizer.zero_grad();
        var lossSum = 0.0;
        var tokens = 0L;
        using var microBatches = config.GradientAccumulationSteps.ToScalar();
        for (var micro = 0; micro < config.GradientAccumulationSteps; micro++)
        {
            var batch = task.Data.SampleTrainingBatch(config.BatchSize, batches);
            var output = model.forward(batch.Tokens, batch.Inputs);
            var loss = task.Loss(output, batch);
            foreach (var hook in hooks)
            {
                if (hook.ExtraLoss(batch.Tokens, batch.Inputs, output) is { } extra)
                {
                    loss = loss.add(extra, One);
                }
            }

            var lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue))
            {
                throw new NonFiniteLossException(step, lossValue);
            }

            (loss / microBatches).backward();
            lossSum += lossValue;
            tokens += batch.RealTokens;
        }

        foreach (var hook in hooks)
        {
            hook.AfterBackward(step);
        }

        if (config.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(trainable.Where(p => p.grad is not null), config.GradientClip);
        }

        optimizer.step();
        foreach (var hook in hooks)
        {
            hook.AfterStep(step);
        }

        return (lossSum / config.GradientAccumulationSteps, tokens);
    }
}
