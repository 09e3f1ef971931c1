using Platform.Domain.Runs;

namespace Platform.Training.Tests;

/// <summary>Small enough for CI's two cores: a 2-layer, 32-wide model on 32-character windows.</summary>
internal static class TrainingConfigs
{
    public static RunConfig Tiny(int steps = 50, int seed = 7) => new()
    {
        Name = "tiny",
        Method = RunMethods.Pretrain.Id,
        Dataset = BuiltInDatasets.BrownSample.Id,
        Seed = seed,
        MaxSteps = steps,
        LearningRate = 1e-2,
        WarmupSteps = 5,
        BatchSize = 8,
        ContextLength = 32,
        Layers = 2,
        Heads = 2,
        EmbeddingSize = 32,
        LogEvery = 5,
        CheckpointEvery = 1000,
    };
}
