using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>Per-token class logits (B,T,labels), as Hugging Face's *ForTokenClassification (<c>classifier</c>).</summary>
public sealed class TokenClassifier : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear classifier;

    public TokenClassifier(DecoderConfig config, int labels, Generator initialisation) : base(config, "token_classifier")
    {
        classifier = new AutocastLinear(config.EmbeddingSize, labels);
        register_module(nameof(classifier), classifier);
        Initialise(initialisation);
    }

    public override string? TaskHead => nameof(classifier);

    public override Tensor forward(Tensor tokens, DecoderInputs inputs) => classifier.forward(Backbone.forward(tokens, inputs));
}
