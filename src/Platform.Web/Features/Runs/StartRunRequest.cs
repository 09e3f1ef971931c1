using Platform.Domain.Runs;

namespace Platform.Web.Features.Runs;

/// <summary>
/// The body of POST /api/runs. Every field is optional on the wire so that a missing one becomes a
/// validation error naming it rather than a deserialisation failure; omitted options take the defaults
/// (within <see cref="MethodOptions"/> and <see cref="Strategies"/> too: their records carry defaults).
/// A client that may retry sends a fresh <see cref="ClientCommandId"/> per intended run: a retry returns the same run.
/// </summary>
public sealed record StartRunRequest(
    string? Name,
    string? Method,
    string? Dataset,
    int? Seed,
    int? MaxSteps,
    double? LearningRate,
    int? WarmupSteps,
    int? BatchSize,
    int? ContextLength,
    int? Layers,
    int? Heads,
    int? EmbeddingSize,
    int? GradientAccumulationSteps,
    LearningRateScheduleKind? Schedule,
    int? CycleSteps,
    int? EvalEvery,
    int? EarlyStoppingPatience,
    double? GradientClip,
    double? WeightDecay,
    Precision? Precision,
    int? LogEvery,
    int? CheckpointEvery,
    Guid? DatasetVersionId = null,
    Guid? BaseModelId = null,
    long? PreferenceSnapshot = null,
    Guid? RewardModelRunId = null,
    MethodOptions? MethodOptions = null,
    TrainingStrategies? Strategies = null,
    Guid? ExperimentId = null,
    Guid? ClientCommandId = null)
{
    public RunConfig ToConfig()
    {
        var defaults = new RunConfig { Name = string.Empty, Method = string.Empty, Dataset = string.Empty };
        return defaults with
        {
            Name = Name ?? string.Empty,
            Method = Method ?? string.Empty,
            Dataset = Dataset ?? string.Empty,
            Seed = Seed ?? defaults.Seed,
            MaxSteps = MaxSteps ?? defaults.MaxSteps,
            LearningRate = LearningRate ?? defaults.LearningRate,
            WarmupSteps = WarmupSteps ?? defaults.WarmupSteps,
            BatchSize = BatchSize ?? defaults.BatchSize,
            ContextLength = ContextLength ?? defaults.ContextLength,
            Layers = Layers ?? defaults.Layers,
            Heads = Heads ?? defaults.Heads,
            EmbeddingSize = EmbeddingSize ?? defaults.EmbeddingSize,
            GradientAccumulationSteps = GradientAccumulationSteps ?? defaults.GradientAccumulationSteps,
            Schedule = Schedule ?? defaults.Schedule,
            CycleSteps = CycleSteps ?? defaults.CycleSteps,
            EvalEvery = EvalEvery ?? defaults.EvalEvery,
            EarlyStoppingPatience = EarlyStoppingPatience ?? defaults.EarlyStoppingPatience,
            GradientClip = GradientClip ?? defaults.GradientClip,
            WeightDecay = WeightDecay ?? defaults.WeightDecay,
            Precision = Precision ?? defaults.Precision,
            LogEvery = LogEvery ?? defaults.LogEvery,
            CheckpointEvery = CheckpointEvery ?? defaults.CheckpointEvery,
            DatasetVersionId = DatasetVersionId,
            BaseModelId = BaseModelId,
            PreferenceSnapshot = PreferenceSnapshot,
            RewardModelRunId = RewardModelRunId,
            MethodOptions = MethodOptions ?? defaults.MethodOptions,
            Strategies = Strategies ?? defaults.Strategies,
        };
    }
}
