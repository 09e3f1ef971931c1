using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

/// <summary>Pre-norm block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class Gpt2Block : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly Gpt2Attention attn;
    private readonly LayerNorm ln_2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(DecoderConfig config, int layer) : base("block")
    {
        ln_1 = nn.LayerNorm(config.EmbeddingSize, config.NormEpsilon);
        attn = new Gpt2Attention(config, layer);
        ln_2 = nn.LayerNorm(config.EmbeddingSize, config.NormEpsilon);
        mlp = new Gpt2Mlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, AttentionContext context)
    {
        x = x.add(attn.forward(ln_1.forward(x), context), One);
        return x.add(mlp.forward(ln_2.forward(x)), One);
    }
}
