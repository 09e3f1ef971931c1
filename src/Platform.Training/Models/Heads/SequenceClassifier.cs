using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>
/// Class logits (B,labels) from the last real token, as Hugging Face's *ForSequenceClassification
/// (<c>score</c>, no bias). With one label it is the reward model's scalar head.
/// </summary>
public sealed class SequenceClassifier : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear score;

    public SequenceClassifier(DecoderConfig config, int labels, Generator initialisation) : base(config, "sequence_classifier")
    {
        score = new AutocastLinear(config.EmbeddingSize, labels, hasBias: false);
        register_module(nameof(score), score);
        Initialise(initialisation);
    }

    public override string? TaskHead => nameof(score);

    /// <summary>The score head's (labels,C) weight.</summary>
    public TorchSharp.Modules.Parameter Score => score.Weight;

    public override Tensor forward(Tensor tokens, DecoderInputs inputs) => score.forward(Features(tokens, inputs));

    /// <summary>(B,T) -> (B,C): the hidden state of each sequence's last real token, what the head reads.</summary>
    public Tensor Features(Tensor tokens, DecoderInputs inputs) => Pooling.LastRealToken(Backbone.forward(tokens, inputs), inputs.AttentionMask);
}
