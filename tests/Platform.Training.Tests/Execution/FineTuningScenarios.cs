using System.Text.Json.Nodes;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Platform.Training.Methods.Pretraining;

namespace Platform.Training.Tests.Execution;

/// <summary>Fine-tuning runs on the shipped base model: synthetic datasets of each task, a run's config, and the run queued, claimed and executed.</summary>
internal sealed class FineTuningScenarios(WorkerDatabase database)
{
    public static readonly string BaseFolder = Path.Combine(TestEnvironment.RepositoryRoot, "models", new BaseModelRecipe().Name);

    /// <summary>Separable mails: spam offers money, ham plans work; each text varies by its number.</summary>
    private static IEnumerable<JsonObject> Mails() => Enumerable.Range(0, 80).Select(i => new JsonObject
    {
        ["id"] = $"mail-{i}",
        ["text"] = i % 2 == 0
            ? $"Win {i * 100} dollars now! Click this offer, free money and cheap prizes for you."
            : $"The meeting on chapter {i} moves to Tuesday; please read the report before we discuss it.",
        ["label"] = i % 2 == 0 ? "spam" : "ham",
    });

    /// <summary>Words spelled out letter by letter: a tiny generative task with exact answers.</summary>
    private static IEnumerable<JsonObject> Spellings() => new[] { "cat", "dog", "sun", "map", "pen", "cup", "hat", "box", "jam", "fox" }
        .SelectMany((word, i) => Enumerable.Range(0, 4).Select(copy => new JsonObject
        {
            ["id"] = $"{word}-{copy}",
            ["instruction"] = $"Spell {word}",
            ["input"] = string.Empty,
            ["output"] = string.Join(' ', word.ToUpperInvariant().ToCharArray()),
        }));

    /// <summary>Sentences whose words are tagged by a fixed rule (determiner, noun, verb).</summary>
    private static IEnumerable<JsonObject> TaggedSentences() => Enumerable.Range(0, 40).Select(i => new JsonObject
    {
        ["id"] = $"s-{i}",
        ["tokens"] = new JsonArray("the", i % 2 == 0 ? "dog" : "cat", i % 3 == 0 ? "runs" : "sleeps"),
        ["tags"] = new JsonArray("at", "nn", "vbz"),
    });

    public async Task<RunConfig> ConfigAsync(string method, DatasetTaskKind kind = DatasetTaskKind.Classification)
    {
        var baseModelId = (await database.SendAsync(Platform.Training.BaseModels.BaseModelFolder.Describe(BaseFolder, TestUsers.Admin) with { Name = $"base-{Guid.NewGuid():N}" })).Value;
        var datasetName = $"{kind}-{Guid.NewGuid():N}";
        var records = kind switch
        {
            DatasetTaskKind.Instruction => Spellings,
            DatasetTaskKind.TokenTagging => TaggedSentences,
            _ => (Func<IEnumerable<JsonObject>>)Mails,
        };
        var datasetId = (await database.SendAsync(new RegisterDataset(datasetName, kind, "synthetic records", TestUsers.Researcher))).Value;
        var versionId = (await database.SendAsync(new AddDatasetVersion(datasetId, new ImportedRecords("test", records), new SplitSpec(0.2, 0.2, Seed: 5), TestUsers.Researcher))).Value;
        return new RunConfig
        {
            Name = $"{method} on mails",
            Method = method,
            Dataset = datasetName,
            DatasetVersionId = versionId,
            BaseModelId = baseModelId,
            Seed = 3,
            MaxSteps = 30,
            LearningRate = 1e-2,
            WarmupSteps = 3,
            BatchSize = 8,
            ContextLength = 32,
            LogEvery = 10,
        };
    }

    /// <summary>The run's completion, or a failure that shows why the run failed.</summary>
    public static RunCompleted Completed(IReadOnlyList<object> events) =>
        events[^1] as RunCompleted ?? throw new Xunit.Sdk.XunitException($"The run did not complete: {(events[^1] as RunFailed)?.Reason ?? events[^1].GetType().Name}");

    /// <summary>Queues the run, claims it as a worker would, executes it and returns its events.</summary>
    public async Task<IReadOnlyList<object>> ExecutedAsync(RunConfig config)
    {
        var runId = (await database.SendAsync(new StartRun(config, TestUsers.Researcher))).Value;
        var run = (await database.SendAsync(new ClaimRun(runId, "test-worker"))).Value;
        await database.Executor.ExecuteAsync(run, CancellationToken.None);
        return (await database.StreamAsync(run.Id)).Select(e => e.Data).ToList();
    }
}
