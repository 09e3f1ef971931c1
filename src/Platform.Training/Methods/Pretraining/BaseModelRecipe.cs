using Platform.Domain.Runs;
using Platform.Training.Models;

namespace Platform.Training.Methods.Pretraining;

/// <summary>
/// Everything that determines the built-in base model: the same recipe reproduces the same tokenizer,
/// the same loss curve and the same weights on the same kind of machine.
/// </summary>
public sealed record BaseModelRecipe
{
    public string Name { get; init; } = "brown-gpt2-small";

    public int Seed { get; init; } = 1337;

    public int VocabularySize { get; init; } = 4096;

    public int ContextLength { get; init; } = 128;

    public int Layers { get; init; } = 4;

    public int Heads { get; init; } = 4;

    public int EmbeddingSize { get; init; } = 192;

    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 3e-3;

    public int WarmupSteps { get; init; } = 100;

    public int EvalEvery { get; init; } = 100;

    public DecoderConfig ModelConfig(int vocabularySize) => new()
    {
        Family = ModelFamily.Gpt2,
        VocabularySize = vocabularySize,
        ContextLength = ContextLength,
        Layers = Layers,
        Heads = Heads,
        EmbeddingSize = EmbeddingSize,
    };

    public RunConfig TrainingConfig() => new()
    {
        Name = Name,
        Method = RunMethods.Pretrain.Id,
        Dataset = "brown",
        Seed = Seed,
        MaxSteps = Steps,
        LearningRate = LearningRate,
        WarmupSteps = WarmupSteps,
        BatchSize = BatchSize,
        ContextLength = ContextLength,
        Layers = Layers,
        Heads = Heads,
        EmbeddingSize = EmbeddingSize,
        EvalEvery = EvalEvery,
        LogEvery = 10,
        CheckpointEvery = Steps,
    };
}
