using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft;

/// <summary>The tiny task every method's "loss decreases" test trains on: only the parameters the method left trainable move.</summary>
internal static class AdapterTraining
{
    /// <summary>
    /// Initial weights (std 0.02) keep a tiny random model's logits near zero and its attention and MLP outputs
    /// small beside the residual stream, so no frozen model could be steered far, least of all by methods that
    /// rescale or transform what the layers already compute (IA3, adapters). Embeddings and the output head ×25
    /// and the backbone's projections ×7 (std ≈ 0.14, GPT-2's pretrained size) give every method a model worth steering.
    /// </summary>
    public static void ScaleToPretrainedSize(CausalLanguageModel model)
    {
        using var _ = no_grad();
        model.Backbone.TokenEmbedding.mul_(25);
        foreach (var (_, head) in model.named_parameters().Where(p => p.name.StartsWith("lm_head.", StringComparison.Ordinal)))
        {
            head.mul_(25);
        }

        foreach (var layer in ((nn.Module)model.Backbone).modules().OfType<AutocastLinear>())
        {
            layer.Weight.mul_(7);
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
