namespace Platform.Domain.Runs;

/// <summary>
/// Everything that determines a run's result, resolved at queue time and stored in RunQueued,
/// so that the same config and seed reproduce the same losses.
/// </summary>
public sealed record RunConfig
{
    public required string Name { get; init; }

    public required string Method { get; init; }

    public required string Dataset { get; init; }

    public int Seed { get; init; } = 1337;

    public int MaxSteps { get; init; } = 200;

    public double LearningRate { get; init; } = 3e-3;

    public int WarmupSteps { get; init; } = 10;

    public int BatchSize { get; init; } = 16;

    public int ContextLength { get; init; } = 64;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    public int EmbeddingSize { get; init; } = 64;

    public double GradientClip { get; init; } = 1.0;

    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Steps between metric points; the trainer logs every step's loss averaged over the interval.</summary>
    public int LogEvery { get; init; } = 5;

    /// <summary>Steps between checkpoints; the final step is always checkpointed.</summary>
    public int CheckpointEvery { get; init; } = 100;
}
