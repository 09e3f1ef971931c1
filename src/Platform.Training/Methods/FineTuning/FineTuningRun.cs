using System.Diagnostics;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Domain.Runs.GettingRunInputs;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;
using Platform.Training.Peft;
using Platform.Training.Tasks;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Methods.FineTuning;

/// <summary>
/// Every fine-tuning method's run: the dataset version's task on a registered base model, the method
/// applied from the registry, the shared trainer, then the adapter saved in its folder and the run's
/// task metrics (validation, test), efficiency and forgetting measured.
/// </summary>
public static class FineTuningRun
{
    public const string AdapterFolder = "adapter";
    public const string EfficiencySuite = "efficiency";
    public const string ForgettingSuite = "forgetting";
    public const string ForgettingSplit = "brown-held-out";

    /// <exception cref="ArgumentException">The config or method options do not fit the base model.</exception>
    /// <exception cref="InvalidDataException">The dataset's records do not fit its task.</exception>
    public static TrainingOutcome Run(
        RunConfig config, RunInputs inputs, Stream datasetContent, string runDirectory, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var method = PeftMethods.Get(config.Method);
        var baseFolder = inputs.BaseModel.Path;
        var baseConfig = HuggingFaceCheckpoint.ReadConfig(baseFolder);
        if (config.ContextLength > baseConfig.ContextLength)
        {
            throw new ArgumentException($"The context length {config.ContextLength} exceeds the base model's {baseConfig.ContextLength}.", nameof(config));
        }

        var tokenizer = TokenizerLoader.Load(baseFolder);
        var task = FineTuningTasks.Create(inputs, datasetContent, tokenizer, config.ContextLength);
        using var initialisation = new Generator((ulong)config.Seed);
        using var model = task.CreateModel(baseConfig, initialisation);
        HuggingFaceCheckpoint.Load(
            baseFolder, baseConfig, model.named_parameters().Where(p => p.name.Split('.')[0] != model.TaskHead).Select(p => (p.name, p.parameter)));
        var forgetting = Forgetting.For(model, tokenizer, baseFolder);
        var perplexityBefore = forgetting.Perplexity(model);

        var methodHook = method.Apply(model, config.MethodOptions, initialisation);
        var (trainable, total) = TrainableParameters.Count(model);
        var hooks = methodHook is null ? Array.Empty<ITrainingHook>() : [methodHook];
        var (steps, tokensPerSecond) = FineTuningTrainer.Train(model, task, config, hooks, observer, cancellationToken);

        var taskEvaluations = new[] { SplitSpec.Validation, SplitSpec.Test }
            .Select(split => new SuiteEvaluation(inputs.DatasetName, split, task.Evaluate(model, split, config.BatchSize)))
            .Where(e => e.Metrics.Count > 0)
            .ToList();
        var perplexityAfter = forgetting.Perplexity(model);

        var adapterFolder = Path.Combine(runDirectory, AdapterFolder);
        method.Save(adapterFolder, model, config.MethodOptions, new AdapterProvenance(method.Method.Id, inputs.BaseModel.Name, baseConfig.Family.ToString(), inputs.BaseModel.Sha256));
        var adapter = CheckpointFile.Describe(steps, Path.Combine(adapterFolder, AdapterFiles.WeightsFile));
        observer.OnCheckpoint(adapter);

        var efficiency = new Dictionary<string, double>
        {
            [MetricNames.TrainableParameters] = trainable,
            [MetricNames.TotalParameters] = total,
            [MetricNames.TrainableParameterShare] = (double)trainable / total,
            [MetricNames.AdapterBytes] = Directory.EnumerateFiles(adapterFolder).Sum(f => new FileInfo(f).Length),
            [MetricNames.PeakRssBytes] = PeakMemory.Bytes(),
            [MetricNames.WallSeconds] = clock.Elapsed.TotalSeconds,
            [MetricNames.TokensPerSecond] = tokensPerSecond,
        };
        var forgettingMetrics = new Dictionary<string, double>
        {
            [MetricNames.ForgettingPerplexityBefore] = perplexityBefore,
            [MetricNames.ForgettingPerplexityAfter] = perplexityAfter,
        };
        var final = new Dictionary<string, double>(efficiency.Concat(forgettingMetrics));
        foreach (var evaluation in taskEvaluations)
        {
            foreach (var (name, value) in evaluation.Metrics)
            {
                final[$"{evaluation.Split}/{name}"] = value;
            }
        }

        return new TrainingOutcome(
            adapter,
            [.. taskEvaluations, new SuiteEvaluation(EfficiencySuite, SplitSpec.Train, efficiency), new SuiteEvaluation(ForgettingSuite, ForgettingSplit, forgettingMetrics)],
            final);
    }
}
