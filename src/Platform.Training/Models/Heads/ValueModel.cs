using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

/// <summary>A scalar per token (B,T): the critic's value estimate in PPO (TRL's <c>v_head</c>).</summary>
public sealed class ValueModel : DecoderWithHead<Tensor>
{
    private readonly AutocastLinear v_head;

    public ValueModel(DecoderConfig config, Generator initialisation) : base(config, "value_model")
    {
        v_head = new AutocastLinear(config.EmbeddingSize, 1);
        register_module(nameof(v_head), v_head);
        Initialise(initialisation);
    }

    public override Tensor forward(Tensor tokens, DecoderInputs inputs) =>
        v_head.forward(Backbone.forward(tokens, inputs)).squeeze(-1);
}
