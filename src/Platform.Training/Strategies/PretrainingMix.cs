using Platform.Training.Data;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp;
using static TorchSharp.torch;

namespace Platform.Training.Strategies;

/// <summary>
/// Mixing pretraining text into fine-tuning against catastrophic forgetting (multi-task mixing). For a task
/// micro-batch of B sequences of T tokens and a share s, it draws m = max(1, round(s·B/(1−s))) windows of T + 1
/// tokens from the pretraining text and adds s/(1−s) · their next-token loss (mean over tokens) to the task loss
/// (mean over its tokens): in the sum, pretraining has weight s/(1−s) / (1 + s/(1−s)) = s, as if s of a combined
/// batch were pretraining sequences, whatever rounding does to m. The windows of step k depend only on the seed
/// and k (a generator seeded from both at the step's start), so a run and its resumption draw the same ones.
/// </summary>
public sealed class PretrainingMix : ITrainingHook
{
    private readonly CausalLanguageModel model;
    private readonly TokenSplits text;
    private readonly double share;
    private readonly Scalar lossWeight;
    private readonly ulong seed;
    private Generator? generator;

    /// <param name="text">Pretraining text in the base model's token ids; windows come from its training split.</param>
    public PretrainingMix(CausalLanguageModel model, TokenSplits text, double share, ulong seed)
    {
        if (share is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The pretraining share must be in (0, 1).");
        }

        if (text.Train.Length <= model.Config.ContextLength)
        {
            throw new ArgumentException($"The pretraining text has {text.Train.Length} tokens; mixing needs more than the context length {model.Config.ContextLength}.", nameof(text));
        }

        this.model = model;
        this.text = text;
        this.share = share;
        lossWeight = (share / (1 - share)).ToScalar();
        this.seed = seed;
    }

    /// <summary>m: pretraining sequences mixed into a task micro-batch of <paramref name="batchSize"/> sequences.</summary>
    public int Sequences(long batchSize) => Math.Max(1, (int)Math.Round(share * batchSize / (1 - share), MidpointRounding.AwayFromZero));

    public void BeginStep(int step)
    {
        generator?.Dispose();
        generator = new Generator(unchecked(seed + ((ulong)step * 0x9E3779B97F4A7C15UL)));
    }

    public Tensor? ExtraLoss(Tensor tokens, DecoderInputs inputs, Tensor output)
    {
        var draw = generator ?? throw new InvalidOperationException("BeginStep comes before a step's losses: it seeds the step's pretraining windows.");
        using var scope = NewDisposeScope();
        var (windows, targets) = text.SampleTrainingBatch(Sequences(tokens.shape[0]), (int)tokens.shape[1], draw);
        var logits = model.forward(windows.to(tokens.device)); // (m,T,V)
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.to(tokens.device).reshape(-1));
        return (loss * lossWeight).MoveToOuterDisposeScope();
    }
}
