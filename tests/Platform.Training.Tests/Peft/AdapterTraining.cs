using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
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
        using var embeddingScale = 25.ToScalar();
        model.Backbone.TokenEmbedding.mul_(embeddingScale);
        foreach (var (_, parameter) in model.named_parameters().Where(p => p.parameter.dim() == 2 && !Embeddings.Any(e => p.name.EndsWith(e, StringComparison.Ordinal))))
        {
            using var scale = (1 / (Math.Sqrt(parameter.shape[1]) * parameter.std().item<float>())).ToScalar();
            parameter.mul_(scale);
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
        using var optimizer = Optimizer(parameters ?? model.parameters().Where(p => p.requires_grad), learningRate, weightDecay);
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
            var loss = hooks.Select(h => h.ExtraLoss(inputs, DecoderInputs.None, logits)).OfType<Tensor>().Aggregate(taskLoss, (sum, extra) => sum.add(extra, One));
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

    /// <summary>AdamW with PyTorch's default betas, through the engine's held-scalar step.</summary>
    public static HeldScalarAdamW Optimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0.01) =>
        new([new AdamW.ParamGroup(parameters, new AdamW.Options { weight_decay = weightDecay })], learningRate, beta1: 0.9, beta2: 0.999);

    /// <summary>The training batch (4,16): rows that count up by 3 from different starts.</summary>
    public static Tensor Sequence()
    {
        using var rows = 4.ToScalar();
        using var columns = 16.ToScalar();
        using var rowStep = 5.ToScalar();
        using var columnStep = 3.ToScalar();
        using var vocabulary = TinyModels.Gpt2.VocabularySize.ToScalar();
        using var scope = NewDisposeScope();
        var starts = arange(Zero, rows, One).unsqueeze(1) * rowStep;
        var offsets = arange(Zero, columns, One).unsqueeze(0) * columnStep;
        return starts.add(offsets, One).remainder(vocabulary).MoveToOuterDisposeScope();
    }
}
