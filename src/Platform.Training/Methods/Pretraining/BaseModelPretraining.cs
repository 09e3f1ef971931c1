using System.Diagnostics;
using Platform.Evaluation;
using Platform.Training.Checkpoints;
using Platform.Training.Data;
using Platform.Training.Data.Corpora;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Methods.Pretraining;

/// <summary>
/// Builds the built-in base model from scratch: splits the Brown corpus by genre, trains a byte-level
/// BPE tokenizer on the training texts, pretrains a GPT-2-style model and writes a Hugging Face model
/// folder with its tokenizer and model card.
/// </summary>
public static class BaseModelPretraining
{
    public static BaseModelCard Run(BaseModelRecipe recipe, string brownDirectory, string outputDirectory, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        using var tensors = HeldTensors.UntilTheWorkEnds();
        var clock = Stopwatch.StartNew();
        var (train, heldOut) = BrownCorpus.Split(BrownCorpus.Load(brownDirectory), recipe.Seed);
        Directory.CreateDirectory(outputDirectory);
        var bpe = ByteLevelBpeTrainer.Train(
            string.Concat(train.Select(t => t.Text)),
            new ByteLevelBpeTrainingOptions { VocabularySize = recipe.VocabularySize },
            cancellationToken);
        Gpt2TokenizerFiles.Write(outputDirectory, bpe);
        var tokenizer = TokenizerLoader.Load(outputDirectory);
        var data = new TokenSplits(Encode(train, tokenizer), Encode(heldOut, tokenizer));

        var modelConfig = recipe.ModelConfig(tokenizer.VocabularySize) with
        {
            BeginningOfSequenceId = tokenizer.Special.BeginningOfSequence?.Id,
            EndOfSequenceId = tokenizer.Special.EndOfSequence?.Id,
            PaddingId = tokenizer.Special.Padding?.Id,
        };
        using var initialisation = new Generator((ulong)recipe.Seed);
        using var model = new CausalLanguageModel(modelConfig, initialisation);
        var losses = new LossCurveObserver(observer);
        // Only the final weights are shipped: no intermediate checkpoints, no optimiser state.
        new LanguageModelTrainer().Train(model, data, recipe.TrainingConfig(), saveCheckpoint: null, losses, cancellationToken);
        var weights = HuggingFaceCheckpoint.Save(outputDirectory, modelConfig, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        observer.OnCheckpoint(CheckpointFile.Describe(recipe.Steps, weights));

        var card = new BaseModelCard(
            recipe.Name,
            recipe,
            model.parameters().Sum(p => p.numel()),
            tokenizer.VocabularySize,
            train.Count,
            heldOut.Count,
            data.Train.LongLength,
            data.Validation.LongLength,
            HeldOutPerplexity(model, data.Validation, recipe.ContextLength),
            clock.Elapsed.TotalSeconds,
            losses.Curve);
        card.Write(outputDirectory);
        return card;
    }

    /// <summary>Perplexity over every full non-overlapping window of the held-out tokens.</summary>
    public static double HeldOutPerplexity(CausalLanguageModel model, long[] heldOut, int contextLength) =>
        Perplexity.FromMeanNegativeLogLikelihood(
            LanguageModelTrainer.MeanLoss(model, new TokenSplits([], heldOut).ValidationBatches(32, contextLength, int.MaxValue)));

    /// <summary>Each text's tokens followed by the end-of-text token, as GPT-2 separates documents.</summary>
    internal static long[] Encode(IEnumerable<BrownText> texts, LoadedTokenizer tokenizer)
    {
        var endOfText = tokenizer.Special.EndOfSequence?.Id
            ?? throw new InvalidOperationException("The trained tokenizer has no end-of-text token.");
        return texts
            .SelectMany(t => tokenizer.Tokenizer.EncodeToIds(t.Text).Append(endOfText))
            .Select(id => (long)id)
            .ToArray();
    }

    /// <summary>Keeps the train-loss curve for the card while passing progress on.</summary>
    private sealed class LossCurveObserver(ITrainingObserver inner) : ITrainingObserver
    {
        public List<double> Curve { get; } = [];

        public void OnMetrics(Domain.Runs.MetricPoint point)
        {
            if (point.Values.TryGetValue(Domain.Runs.MetricNames.TrainLoss, out var loss))
            {
                Curve.Add(loss);
            }

            inner.OnMetrics(point);
        }

        public void OnCheckpoint(CheckpointFile checkpoint) => inner.OnCheckpoint(checkpoint);
    }
}
