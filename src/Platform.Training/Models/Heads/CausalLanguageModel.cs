using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>Next-token logits; the output projection is the token embedding when the config ties them.</summary>
public sealed class CausalLanguageModel : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear? lm_head;

    public CausalLanguageModel(DecoderConfig config, Generator initialisation) : base(config, "causal_lm")
    {
        if (!config.TieEmbeddings)
        {
            lm_head = new AutocastLinear(config.EmbeddingSize, config.VocabularySize, hasBias: false);
            register_module(nameof(lm_head), lm_head);
        }

        Initialise(initialisation);
    }

    // (B,T) -> (B,T,V)
    public override Tensor forward(Tensor tokens, DecoderInputs inputs)
    {
        var hidden = Backbone.forward(tokens, inputs);
        return lm_head is null ? Autocast.Linear(hidden, Backbone.TokenEmbedding) : lm_head.forward(hidden);
    }
}
