using Platform.Domain.Runs;
using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>
/// Class logits (B,labels) from the last real token by default, as Hugging Face's *ForSequenceClassification
/// (<c>score</c>, no bias), or from the first token or the mean (<see cref="Pooling"/>). With one label it is
/// the reward model's scalar head.
/// </summary>
public sealed class SequenceClassifier : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear score;

    public SequenceClassifier(DecoderConfig config, int labels, Generator initialisation, SequencePooling pooling = SequencePooling.LastToken)
        : base(config, "sequence_classifier")
    {
        score = new AutocastLinear(config.EmbeddingSize, labels, hasBias: false);
        register_module(nameof(score), score);
        Pooling = pooling;
        Initialise(initialisation);
    }

    /// <summary>The hidden states the head reads; loading an adapter sets the one it was trained with.</summary>
    public SequencePooling Pooling { get; set; }

    public override string? TaskHead => nameof(score);

    /// <summary>The score head's (labels,C) weight.</summary>
    public TorchSharp.Modules.Parameter Score => score.Weight;

    public override Tensor forward(Tensor tokens, DecoderInputs inputs) => score.forward(Features(tokens, inputs));

    /// <summary>(B,T) -> (B,C): what the head reads.</summary>
    public Tensor Features(Tensor tokens, DecoderInputs inputs) => Heads.Pooling.Pool(Backbone.forward(tokens, inputs), inputs.AttentionMask, Pooling);
}
