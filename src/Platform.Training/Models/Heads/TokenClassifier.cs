using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>
/// Per-token class logits (B,T,labels), as Hugging Face's *ForTokenClassification, whose head is named per family:
/// GPT-2's <c>classifier</c>, Llama's <c>score</c>.
/// </summary>
public sealed class TokenClassifier : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear head;

    public TokenClassifier(DecoderConfig config, int labels, Generator initialisation) : base(config, "token_classifier")
    {
        head = new AutocastLinear(config.EmbeddingSize, labels);
        TaskHead = config.Family == ModelFamily.Gpt2 ? "classifier" : "score";
        register_module(TaskHead, head);
        Initialise(initialisation);
    }

    public override string TaskHead { get; }

    public override Tensor forward(Tensor tokens, DecoderInputs inputs) => head.forward(Backbone.forward(tokens, inputs));
}
