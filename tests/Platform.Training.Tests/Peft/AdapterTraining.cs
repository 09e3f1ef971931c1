using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using TorchSharp.Modules;
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

    /// <summary>
    /// Trains next-token prediction on a learnable sequence (each token is the previous one plus 3), calling the
    /// hooks as the trainer does; the task loss of every step (without the hooks' extra terms).
    /// </summary>
    /// <param name="parameters">What the optimiser holds; by default the parameters that train at the start.</param>
    public static IReadOnlyList<double> Train(
        CausalLanguageModel model,
        int steps,
        double learningRate,
        double weightDecay,
        IReadOnlyList<ITrainingHook>? hooks = null,
        IEnumerable<Parameter>? parameters = null)
    {
        hooks ??= [];
        using var tokens = Sequence();
        using var optimizer = optim.AdamW(parameters ?? model.parameters().Where(p => p.requires_grad), lr: learningRate, weight_decay: weightDecay);
        var losses = new List<double>();
        for (var step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            foreach (var hook in hooks)
            {
                hook.BeginStep(step);
            }

            optimizer.zero_grad();
            var inputs = tokens[.., ..^1];
            var logits = model.forward(inputs);
            var taskLoss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), tokens[.., 1..].reshape(-1));
            var loss = hooks.Select(h => h.ExtraLoss(inputs, DecoderInputs.None, logits)).OfType<Tensor>().Aggregate(taskLoss, (sum, extra) => sum + extra);
            loss.backward();
            foreach (var hook in hooks)
            {
                hook.AfterBackward(step);
            }

            optimizer.step();
            foreach (var hook in hooks)
            {
                hook.AfterStep(step);
            }

            losses.Add(taskLoss.item<float>());
        }

        return losses;
    }

    /// <summary>The training batch (4,16): rows that count up by 3 from different starts.</summary>
    public static Tensor Sequence() => (arange(4).unsqueeze(1) * 5 + arange(16).unsqueeze(0) * 3) % TinyModels.Gpt2.VocabularySize;
}
