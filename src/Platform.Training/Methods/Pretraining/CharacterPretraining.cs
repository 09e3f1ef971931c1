using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Methods.Pretraining;

/// <summary>The <c>pretrain</c> method: a GPT-2-style character-level model trained from a seeded random start on a built-in text.</summary>
public static class CharacterPretraining
{
    /// <param name="resumeFrom">A checkpoint folder of this run to continue from (its weights, optimiser and sampler state); null starts afresh.</param>
    public static IReadOnlyDictionary<string, double> Run(
        RunConfig config, string runDirectory, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
    {
        using var tensors = HeldTensors.UntilTheWorkEnds();
        var corpus = new TextCorpus(BuiltInDatasetLoader.LoadText(config.Dataset));
        var modelConfig = new DecoderConfig
        {
            Family = ModelFamily.Gpt2,
            VocabularySize = corpus.Vocabulary.Size,
            ContextLength = config.ContextLength,
            Layers = config.Layers,
            Heads = config.Heads,
            EmbeddingSize = config.EmbeddingSize,
        };
        using var initialisation = new Generator((ulong)config.Seed);
        using var model = new CausalLanguageModel(modelConfig, initialisation);
        if (resumeFrom is not null)
        {
            HuggingFaceCheckpoint.Load(resumeFrom, modelConfig, model.named_parameters().Select(p => (p.name, p.parameter)));
        }

        var checkpoints = new CheckpointWriter(runDirectory);
        return new LanguageModelTrainer().Train(
            model,
            corpus.Splits,
            config,
            step => checkpoints.Write(step, model, corpus.Vocabulary.WriteTo),
            observer,
            cancellationToken,
            resumeFrom);
    }
}
