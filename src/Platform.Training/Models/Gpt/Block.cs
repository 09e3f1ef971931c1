using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt;

/// <summary>Pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base("block")
    {
        ln_1 = nn.LayerNorm(config.EmbeddingSize);
        attn = new CausalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.EmbeddingSize);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + attn.forward(ln_1.forward(x));
        return x + mlp.forward(ln_2.forward(x));
    }
}
