using System.Diagnostics;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Domain.Runs.GettingRunInputs;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;
using Platform.Training.Methods.InContext;
using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.FeatureBased;
using Platform.Training.Peft.QLoRA;
using Platform.Training.Strategies;
using Platform.Training.Peft;
using Platform.Training.Tasks;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Methods.FineTuning;

/// <summary>
/// Every run on a base model: the dataset version's task, the method applied from the registry and
/// trained by the shared trainer (the feature-based baseline by its logistic regression; the hard-prompt
/// baseline trains nothing), then the adapter saved in its folder and the run's task metrics
/// (validation, test), efficiency and forgetting measured.
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
        using var tensors = HeldTensors.UntilTheWorkEnds();
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var baseFolder = inputs.BaseModel.Path;
        var baseConfig = HuggingFaceCheckpoint.ReadConfig(baseFolder);
        if (config.ContextLength > baseConfig.ContextLength)
        {
            throw new ArgumentException($"The context length {config.ContextLength} exceeds the base model's {baseConfig.ContextLength}.", nameof(config));
        }

        var tokenizer = TokenizerLoader.Load(baseFolder);
        using var initialisation = new Generator((ulong)config.Seed);
        if (config.Method == RunMethods.HardPrompt.Id)
        {
            var inContextTask = FineTuningTasks.Create(inputs, datasetContent, tokenizer, config.ContextLength, PromptTemplate.None);
            return HardPrompt(config, inputs, inContextTask, tokenizer, baseConfig, initialisation, clock);
        }

        var method = PeftMethods.Get(config.Method);
        var task = FineTuningTasks.Create(inputs, datasetContent, tokenizer, config.ContextLength, method.Template(config.MethodOptions), config.MethodOptions.Pooling);
        if (config.Strategies.UnfreezeEverySteps > 0 && method.Method != RunMethods.FinetuningHead)
        {
            throw new ArgumentException(
                $"Gradual unfreezing trains base blocks that a {method.Method.DisplayName} adapter does not hold; use it with {RunMethods.FinetuningHead.DisplayName}.", nameof(config));
        }

        using var model = task.CreateModel(baseConfig, initialisation);
        HuggingFaceCheckpoint.Load(
            baseFolder, baseConfig, model.named_parameters().Where(p => !model.IsTaskHead(p.name)).Select(p => (p.name, p.parameter)));
        var forgetting = Forgetting.For(model, tokenizer, baseFolder, config.MethodOptions.VirtualTokens);
        var perplexityBefore = forgetting.Perplexity(model);

        // AdaLoRA's budget schedule runs over the whole run (PEFT's total_step).
        var options = config.MethodOptions with { TotalSteps = config.MaxSteps };
        var baseParameters = model.named_parameters().Select(p => p.name).ToHashSet();
        var baseCount = model.parameters().Sum(p => p.numel());
        var methodHook = method.Apply(model, options, initialisation);
        if (config.ContextLength + model.Backbone.VirtualTokenCount > baseConfig.ContextLength)
        {
            throw new ArgumentException(
                $"{model.Backbone.VirtualTokenCount} virtual tokens + a context length of {config.ContextLength} exceed the base model's {baseConfig.ContextLength} positions; shorten the context or use fewer virtual tokens.",
                nameof(config));
        }

        // Quantised base weights (QLoRA) stop being parameters but are still the model's: count them as before.
        var (trainable, _) = TrainableParameters.Count(model);
        var total = baseCount + model.named_parameters().Where(p => !baseParameters.Contains(p.name)).Sum(p => p.parameter.numel());
        using var teacher = config.Strategies.DistillationWeight > 0 ? Teacher(task, model, baseConfig, baseFolder) : null;
        var strategies = TrainingStrategyHooks.Create(
            config.Strategies,
            model,
            baseParameters,
            teacher is null ? null : (tokens, inputs) => teacher.forward(tokens, inputs),
            config.Strategies.PretrainingMixShare > 0 ? BrownTokens.For(tokenizer) : null,
            (ulong)config.Seed);
        IReadOnlyList<ITrainingHook> hooks = methodHook is null ? strategies : [methodHook, .. strategies];
        var (steps, tokensPerSecond) = method is FeatureBasedMethod
            ? (FeatureBasedMethod.Fit(model, (SequenceClassificationTask)task, config), 0)
            : FineTuningTrainer.Train(model, task, config, hooks, observer, cancellationToken);

        var taskEvaluations = Evaluate(inputs, split => task.Evaluate(model, split, config.BatchSize));
        var perplexityAfter = forgetting.Perplexity(model);

        if (strategies.OfType<GradualUnfreezing>().SingleOrDefault() is { } unfreezing)
        {
            // The blocks unfrozen on the way are Finetuning I's top blocks now: saved, and loaded, as such.
            options = options with { TrainableBlocks = Math.Max(options.TrainableBlocks, unfreezing.UnfrozenBlocks(steps)) };
        }

        var adapterFolder = Path.Combine(runDirectory, AdapterFolder);
        method.Save(adapterFolder, model, options, new AdapterProvenance(method.Method.Id, inputs.BaseModel.Name, baseConfig.Family.ToString(), inputs.BaseModel.Sha256, baseFolder));
        var adapter = CheckpointFile.Describe(steps, Path.Combine(adapterFolder, AdapterFiles.WeightsFile));
        observer.OnCheckpoint(adapter);

        var efficiency = Efficiency(trainable, total, Directory.EnumerateFiles(adapterFolder).Sum(f => new FileInfo(f).Length), clock, tokensPerSecond);
        efficiency[MetricNames.BaseBitsPerParameter] = QuantizedBase.BitsPerParameter(model);
        return Outcome(adapter, taskEvaluations, efficiency, perplexityBefore, perplexityAfter);
    }

    /// <summary>A frozen copy of the base model with the task's head, for distillation: only a language-model head has something to teach.</summary>
    private static DecoderWithHead<Tensor> Teacher(IFineTuningTask task, DecoderWithHead<Tensor> student, DecoderConfig baseConfig, string baseFolder)
    {
        if (student is not CausalLanguageModel)
        {
            throw new ArgumentException("Distillation from the base model needs a language-modelling task: a new classification head has nothing to teach.");
        }

        using var generator = new Generator(0);
        var teacher = task.CreateModel(baseConfig, generator);
        HuggingFaceCheckpoint.Load(baseFolder, baseConfig, teacher.named_parameters().Select(p => (p.name, p.parameter)));
        foreach (var parameter in teacher.parameters())
        {
            parameter.requires_grad = false;
        }

        teacher.eval();
        return teacher;
    }

    /// <summary>
    /// The in-context baseline: nothing trains, nothing is saved; the frozen language model is evaluated as it
    /// is, few-shot (label scoring for classification, greedy completion for instructions).
    /// </summary>
    private static TrainingOutcome HardPrompt(
        RunConfig config, RunInputs inputs, IFineTuningTask task, LoadedTokenizer tokenizer, DecoderConfig baseConfig, Generator initialisation, Stopwatch clock)
    {
        using var model = new CausalLanguageModel(baseConfig, initialisation);
        HuggingFaceCheckpoint.Load(inputs.BaseModel.Path, baseConfig, model.named_parameters().Select(p => (p.name, p.parameter)));
        Func<string, IReadOnlyDictionary<string, double>> evaluate = task switch
        {
            SequenceClassificationTask classification => new HardPromptEvaluation(model, classification, tokenizer, config.MethodOptions.Shots, config.Seed).Evaluate,
            InstructionTuningTask instructions => split => instructions.FewShotExactMatch(model, split, config.MethodOptions.Shots, config.Seed, config.BatchSize),
            _ => throw new ArgumentException("The hard-prompt baseline needs a classification or instruction dataset: a tag per word has no prompt to ask.", nameof(config)),
        };
        var taskEvaluations = Evaluate(inputs, evaluate);
        var perplexity = Forgetting.For(model, tokenizer, inputs.BaseModel.Path, config.MethodOptions.VirtualTokens).Perplexity(model);
        var total = model.parameters().Sum(p => p.numel());
        return Outcome(null, taskEvaluations, Efficiency(0, total, 0, clock, 0), perplexity, perplexity);
    }

    private static List<SuiteEvaluation> Evaluate(RunInputs inputs, Func<string, IReadOnlyDictionary<string, double>> evaluate) =>
        new[] { SplitSpec.Validation, SplitSpec.Test }
            .Select(split => new SuiteEvaluation(inputs.DatasetName, split, evaluate(split)))
            .Where(e => e.Metrics.Count > 0)
            .ToList();

    private static Dictionary<string, double> Efficiency(long trainable, long total, long adapterBytes, Stopwatch clock, double tokensPerSecond) => new()
    {
        [MetricNames.TrainableParameters] = trainable,
        [MetricNames.TotalParameters] = total,
        [MetricNames.TrainableParameterShare] = (double)trainable / total,
        [MetricNames.AdapterBytes] = adapterBytes,
        [MetricNames.PeakRssBytes] = PeakMemory.Bytes(),
        [MetricNames.WallSeconds] = clock.Elapsed.TotalSeconds,
        [MetricNames.TokensPerSecond] = tokensPerSecond,
    };

    /// <summary>Task metrics by split ("test/accuracy"), efficiency and forgetting as the run's final metrics, and each group as an evaluation.</summary>
    private static TrainingOutcome Outcome(
        CheckpointFile? adapter, IReadOnlyList<SuiteEvaluation> taskEvaluations, Dictionary<string, double> efficiency, double perplexityBefore, double perplexityAfter)
    {
        var forgetting = new Dictionary<string, double>
        {
            [MetricNames.ForgettingPerplexityBefore] = perplexityBefore,
            [MetricNames.ForgettingPerplexityAfter] = perplexityAfter,
        };
        var final = new Dictionary<string, double>(efficiency.Concat(forgetting));
        foreach (var evaluation in taskEvaluations)
        {
            foreach (var (name, value) in evaluation.Metrics)
            {
                final[$"{evaluation.Split}/{name}"] = value;
            }
        }

        return new TrainingOutcome(
            adapter,
            [.. taskEvaluations, new SuiteEvaluation(EfficiencySuite, SplitSpec.Train, efficiency), new SuiteEvaluation(ForgettingSuite, ForgettingSplit, forgetting)],
            final);
    }
}
