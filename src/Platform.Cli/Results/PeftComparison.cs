using Platform.Domain.Runs;
using Spectre.Console;

namespace Platform.Cli.Results;

/// <summary>
/// The PEFT comparison of issue 5, run through the platform: every method on SpamAssassin with the same
/// splits, step budget and seeds; LoRA, P-tuning v2, prompt tuning and full fine-tuning on CMU-dictionary
/// SFT and Brown POS tagging; QLoRA against LoRA. Each run is queued, executed and evaluated as any run
/// is, under one experiment per task, so all of them appear on the leaderboard. Two variants follow the papers
/// where PEFT's defaults differ: P-tuning with virtual tokens after the input, P-tuning v2 with its head on the
/// first token.
/// </summary>
internal sealed class PeftComparison(PeftComparisonSettings settings)
{
    public const string SpamAssassin = "spam-assassin";
    public const string CmuDict = "cmudict";
    public const string BrownPos = "brown-pos";

    /// <summary>Learning rates from each method's usual range (PEFT's examples, the papers), the same for every task; not tuned on test data.</summary>
    private static readonly IReadOnlyDictionary<string, double> LearningRates = new Dictionary<string, double>
    {
        [RunMethods.FinetuningFull.Id] = 5e-4,
        [RunMethods.FinetuningHead.Id] = 3e-3,
        [RunMethods.BitFit.Id] = 1e-2,
        [RunMethods.Houlsby.Id] = 3e-3,
        [RunMethods.IA3.Id] = 1e-2,
        [RunMethods.PromptTuning.Id] = 3e-2,
        [RunMethods.PrefixTuning.Id] = 1e-2,
        [RunMethods.PTuning.Id] = 1e-2,
        [RunMethods.PTuningV2.Id] = 1e-2,
        [RunMethods.LlamaAdapter.Id] = 1e-2,
        [RunMethods.Lora.Id] = 3e-3,
        [RunMethods.AdaLora.Id] = 3e-3,
        [RunMethods.QLora.Id] = 3e-3,
    };

    private static readonly RunMethod[] GenerativeMethods = [RunMethods.Lora, RunMethods.PTuningV2, RunMethods.PromptTuning, RunMethods.FinetuningFull];

    public const string PTuningTemplate = "P-tuning, template [P×5] x [P×5]";
    public const string PTuningV2FirstToken = "P-tuning v2, head on the first token";

    public async Task<IReadOnlyList<StudyRun>> RunAsync(PlatformSession platform, CancellationToken cancellationToken)
    {
        var baseModelId = await platform.RegisterBaseModelAsync(settings.BaseModelFolder, cancellationToken);
        var plan = RunMethods.All.Where(m => m.UsesBaseModel)
            .SelectMany(method => settings.Seeds.Select(seed => Planned(SpamAssassin, method, seed)))
            .Concat(settings.Seeds.SelectMany(seed => new[]
            {
                Variant(PTuningTemplate, RunMethods.PTuning, seed, options => options with { VirtualTokensAfterInput = 5 }),
                Variant(PTuningV2FirstToken, RunMethods.PTuningV2, seed, options => options with { Pooling = SequencePooling.FirstToken }),
            }))
            .Concat(new[] { CmuDict, BrownPos }.SelectMany(dataset => GenerativeMethods.Select(method => Planned(dataset, method, settings.Seeds[0]))))
            .ToList();
        var results = new List<StudyRun>();
        foreach (var dataset in plan.Select(r => r.Dataset).Distinct())
        {
            var (_, versionId) = await platform.ImportAsync(dataset, cancellationToken);
            var experimentId = await platform.CreateExperimentAsync(
                $"peft-comparison {dataset} {DateTime.UtcNow:yyyy-MM-dd HH:mm}", $"How do the fine-tuning methods compare on {dataset}?", dataset, "accuracy", cancellationToken);
            foreach (var planned in plan.Where(r => r.Dataset == dataset))
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]{results.Count + 1}/{plan.Count}[/] {dataset} · {planned.Variant ?? planned.Method.DisplayName} · seed {planned.Seed}");
                var run = await platform.RunAsync(Config(planned, baseModelId, versionId), experimentId, cancellationToken);
                var done = planned with { RunId = run.Id, Metrics = run.FinalMetrics, Failure = run.FailureReason };
                AnsiConsole.MarkupLineInterpolated(
                    $"  {run.Status}: {(done.Failure ?? string.Join("  ", done.Metrics.Where(m => m.Key.StartsWith("test/", StringComparison.Ordinal)).Select(m => $"{m.Key} {m.Value:F4}")))}");
                results.Add(done);
            }
        }

        return results;
    }

    private StudyRun Planned(string dataset, RunMethod method, int seed) => new(dataset, method, seed, LearningRates.GetValueOrDefault(method.Id, 3e-3), Options(method));

    private StudyRun Variant(string name, RunMethod method, int seed, Func<MethodOptions, MethodOptions> change)
    {
        var planned = Planned(SpamAssassin, method, seed);
        return planned with { Variant = name, Options = change(planned.Options) };
    }

    private MethodOptions Options(RunMethod method) => new()
    {
        TrainableBlocks = method == RunMethods.FinetuningHead ? 1 : 0,
        Shots = method == RunMethods.HardPrompt ? 2 : 0,
        BudgetWarmupSteps = settings.Steps / 10,
        BudgetFinalSteps = settings.Steps / 5,
    };

    private RunConfig Config(StudyRun run, Guid baseModelId, Guid versionId) => new()
    {
        Name = $"{run.Variant ?? run.Method.Id} {run.Dataset} seed {run.Seed}",
        Method = run.Method.Id,
        Dataset = run.Dataset,
        DatasetVersionId = versionId,
        BaseModelId = baseModelId,
        Seed = run.Seed,
        // The feature-based baseline's steps are L-BFGS iterations, to convergence as scikit-learn's default.
        MaxSteps = run.Method == RunMethods.FeatureBased ? 100 : settings.Steps,
        LearningRate = run.LearningRate,
        WarmupSteps = Math.Max(1, settings.Steps / 10),
        BatchSize = settings.BatchSize,
        ContextLength = settings.ContextLength,
        WeightDecay = 0.01,
        LogEvery = 10,
        MethodOptions = run.Options,
    };

    /// <summary>The markdown report: setup, the tables, and what they say about the design documents' claims.</summary>
    public string Report(IReadOnlyList<StudyRun> runs, string command, TimeSpan elapsed) =>
        new PeftComparisonReport(settings, runs, command, elapsed).ToMarkdown();
}
