using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft;

/// <summary>The tiny task every method's "loss decreases" test trains on: only the parameters the method left trainable move.</summary>
internal static class AdapterTraining
{
    private static readonly string[] Embeddings = ["wte.weight", "wpe.weight", "embed_tokens.weight"];

    /// <summary>
    /// Initial weights (std 0.02) keep a tiny random model's logits near zero and its attention uniform, so no
    /// frozen model could be steered far, least of all through its inputs (prompts, prefixes); embeddings and
    /// projections of a pretrained scale (embeddings std 0.5, every other matrix std 1/√fan-in) give a method a
    /// model worth steering.
    /// </summary>
    public static void ScaleToPretrainedSize(CausalLanguageModel model)
    {
        using var _ = no_grad();
        model.Backbone.TokenEmbedding.mul_(25);
        foreach (var (_, parameter) in model.named_parameters().Where(p => p.parameter.dim() == 2 && !Embeddings.Any(e => p.name.EndsWith(e, StringComparison.Ordinal))))
        {
            parameter.mul_(1 / (Math.Sqrt(parameter.shape[1]) * parameter.std().item<float>()));
        }
    }

    /// <summary>Trains next-token prediction on a learnable sequence (each token is the previous one plus 3); the loss of every step.</summary>
    public static IReadOnlyList<double> Train(CausalLanguageModel model, int steps, double learningRate, double weightDecay)
    {
        using var tokens = (arange(4).unsqueeze(1) * 5 + arange(16).unsqueeze(0) * 3) % TinyModels.Gpt2.VocabularySize;
        using var optimizer = optim.AdamW(model.parameters().Where(p => p.requires_grad), lr: learningRate, weight_decay: weightDecay);
        var losses = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(tokens[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), tokens[.., 1..].reshape(-1));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        return losses;
    }
}
