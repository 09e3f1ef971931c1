namespace Platform.Domain.Runs;

/// <summary>
/// Everything that determines a run's result, resolved at queue time and stored in RunQueued,
/// so that the same config and seed reproduce the same losses.
/// </summary>
public sealed record RunConfig
{
    public required string Name { get; init; }

    public required string Method { get; init; }

    /// <summary>A built-in dataset (pretraining), or the name of the registered dataset whose version <see cref="DatasetVersionId"/> names.</summary>
    public required string Dataset { get; init; }

    /// <summary>A registered dataset version to train on instead of a built-in dataset; null uses <see cref="Dataset"/>.</summary>
    public Guid? DatasetVersionId { get; init; }

    /// <summary>A registered base model to start from; null trains from a seeded random initialisation.</summary>
    public Guid? BaseModelId { get; init; }

    /// <summary>For a reward model: the preference snapshot (event sequence number) whose rankings it learns from.</summary>
    public long? PreferenceSnapshot { get; init; }

    /// <summary>For a policy trained against a reward model (PPO): the run that trained that reward model.</summary>
    public Guid? RewardModelRunId { get; init; }

    /// <summary>The method's hyperparameters (fine-tuning methods).</summary>
    public MethodOptions MethodOptions { get; init; } = new();

    /// <summary>Strategies layered on any fine-tuning method.</summary>
    public TrainingStrategies Strategies { get; init; } = new();

    public int Seed { get; init; } = 1337;

    public int MaxSteps { get; init; } = 200;

    public double LearningRate { get; init; } = 3e-3;

    public int WarmupSteps { get; init; } = 10;

    public int BatchSize { get; init; } = 16;

    public int ContextLength { get; init; } = 64;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Micro-batches whose gradients are summed before each optimiser step (effective batch = BatchSize × this).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    public LearningRateScheduleKind Schedule { get; init; } = LearningRateScheduleKind.Cosine;

    /// <summary>Length of one triangular cycle for the cyclic schedule; 0 means a quarter of the post-warm-up steps.</summary>
    public int CycleSteps { get; init; }

    /// <summary>Steps between validation evaluations; 0 evaluates only at the end.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Stop after this many evaluations without a lower validation loss; 0 never stops early.</summary>
    public int EarlyStoppingPatience { get; init; }

    public double GradientClip { get; init; } = 1.0;

    public double WeightDecay { get; init; } = 0.1;

    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Steps between metric points; the trainer logs every step's loss averaged over the interval.</summary>
    public int LogEvery { get; init; } = 5;

    /// <summary>Steps between checkpoints; the final step is always checkpointed.</summary>
    public int CheckpointEvery { get; init; } = 100;
}
