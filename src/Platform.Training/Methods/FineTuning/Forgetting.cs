using Platform.Evaluation;
using Platform.Training.Data;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Methods.FineTuning;

/// <summary>
/// Catastrophic forgetting, measured as the base model's perplexity on held-out Brown text (the split
/// the built-in base model was evaluated on), before fine-tuning and after, with the adapter applied.
/// A classification model is read through its backbone and the base model's language-model head.
/// </summary>
public sealed class Forgetting(long[] heldOut, int window, Tensor languageModelHead)
{
    /// <summary>Windows scored each time: enough for a stable estimate at a fraction of the full split's cost.</summary>
    public const int Windows = 64;

    /// <param name="baseModelFolder">For an untied base model, its <c>lm_head.weight</c> is read from here.</param>
    /// <param name="virtualTokens">Positions a method's virtual tokens (prompts, prefixes) may take: windows are shorter by as many, before and after, for every method alike.</param>
    public static Forgetting For(DecoderWithHead<Tensor> model, LoadedTokenizer tokenizer, string baseModelFolder, int virtualTokens) =>
        new(BrownTokens.HeldOut(tokenizer), model.Config.ContextLength - virtualTokens, LanguageModelHead(model, baseModelFolder));

    private static Tensor LanguageModelHead(DecoderWithHead<Tensor> model, string baseModelFolder)
    {
        if (model.Config.TieEmbeddings)
        {
            return model.Backbone.TokenEmbedding;
        }

        var tensors = SafeTensors.Read(Path.Combine(baseModelFolder, HuggingFaceCheckpoint.WeightsFile));
        try
        {
            return tensors.Remove("lm_head.weight", out var weight)
                ? weight
                : throw new InvalidDataException($"{baseModelFolder} has untied embeddings but no lm_head.weight.");
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    public double Perplexity(DecoderWithHead<Tensor> model)
    {
        using var _ = no_grad();
        model.eval();
        var mean = new TokenWeightedMean();
        foreach (var (inputs, targets) in new TokenSplits([], heldOut).ValidationBatches(16, window, Windows / 16))
        {
            using var scope = NewDisposeScope();
            var logits = Autocast.Linear(model.Backbone.forward(inputs, DecoderInputs.None), languageModelHead, null); // (B,T,V)
            mean.Add(nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1)).item<float>(), targets.numel());
        }

        return Evaluation.Perplexity.FromMeanNegativeLogLikelihood(mean.Value);
    }
}
