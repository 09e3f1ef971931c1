using System.Diagnostics;
using Platform.Domain.Runs;

namespace Platform.Training.Engine;

/// <summary>
/// What every trainer reports after an optimiser step: the mean train loss, learning rate and throughput
/// since the last point every LogEvery steps (and at the last step), the validation loss every EvalEvery
/// steps, which also decides early stopping.
/// </summary>
internal sealed class StepReporter(RunConfig config, ITrainingObserver observer)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly EarlyStopping earlyStopping = new(config.EarlyStoppingPatience);
    private TimeSpan intervalStart;
    private double intervalLoss;
    private int intervalSteps;
    private long intervalTokens;
    private long totalTokens;

    /// <summary>Tokens per second over every step reported so far.</summary>
    public double TokensPerSecond => totalTokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds);

    /// <param name="validationLoss">Evaluated only at the steps that call for it.</param>
    /// <returns>True when early stopping fires at this step.</returns>
    public bool Report(int step, double loss, long tokens, double learningRate, Func<double> validationLoss)
    {
        intervalLoss += loss;
        intervalSteps++;
        intervalTokens += tokens;
        totalTokens += tokens;
        var values = new Dictionary<string, double>();
        if (step % config.LogEvery == 0 || step == config.MaxSteps)
        {
            var now = clock.Elapsed;
            values[MetricNames.TrainLoss] = intervalLoss / intervalSteps;
            values[MetricNames.LearningRate] = learningRate;
            values[MetricNames.TokensPerSecond] = intervalTokens / Math.Max(1e-9, (now - intervalStart).TotalSeconds);
            (intervalStart, intervalLoss, intervalSteps, intervalTokens) = (now, 0, 0, 0);
        }

        var stoppedEarly = false;
        if (config.EvalEvery > 0 && step % config.EvalEvery == 0)
        {
            var validation = validationLoss();
            values[MetricNames.ValidationLoss] = validation;
            stoppedEarly = earlyStopping.Observe(validation);
        }

        if (values.Count > 0)
        {
            observer.OnMetrics(new MetricPoint(step, DateTimeOffset.UtcNow, values));
        }

        return stoppedEarly;
    }
}
