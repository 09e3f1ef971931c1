using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly AutocastLinear c_fc;
    private readonly AutocastLinear c_proj;

    public Gpt2Mlp(DecoderConfig config) : base("mlp")
    {
        c_fc = new AutocastLinear(config.EmbeddingSize, config.MlpSize);
        c_proj = new AutocastLinear(config.MlpSize, config.EmbeddingSize);
        RegisterComponents();
    }

    // (B,T,C) -> (B,T,4C) -> (B,T,C); GPT-2's "gelu_new" is the tanh approximation.
    public override Tensor forward(Tensor x) =>
        c_proj.forward(nn.functional.gelu(c_fc.forward(x), approximate: GELU.Approximate.tanh));
}
