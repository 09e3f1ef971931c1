using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

public sealed class Gpt2Attention : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly AutocastLinear c_attn;
    private readonly AutocastLinear c_proj;
    private readonly int heads;
    private readonly int layer;

    public Gpt2Attention(DecoderConfig config, int layer) : base("attn")
    {
        heads = config.Heads;
        this.layer = layer;
        c_attn = new AutocastLinear(config.EmbeddingSize, 3 * config.EmbeddingSize);
        c_proj = new AutocastLinear(config.EmbeddingSize, config.EmbeddingSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, AttentionContext context)
    {
        var (batch, time, channels) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.forward(x).split(channels, dim: 2); // 3 × (B,T,C)
        var q = qkv[0].view(batch, time, heads, channels / heads).transpose(1, 2); // (B,nh,T,hs)
        var k = qkv[1].view(batch, time, heads, channels / heads).transpose(1, 2);
        var v = qkv[2].view(batch, time, heads, channels / heads).transpose(1, 2);
        if (context.Cache is { } cache)
        {
            (k, v) = cache.Append(layer, k, v); // (B,nh,S,hs)
        }

        var y = context.Attend(q, k, v); // (B,nh,T,hs)
        return c_proj.forward(y.transpose(1, 2).contiguous().view(batch, time, channels));
    }
}
