using Platform.Training.Models.Extensions;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

public sealed class Gpt2Attention : nn.Module<Tensor, AttentionContext, Tensor>, IAdaptableAttention
{
    private readonly AutocastLinear c_attn;
    private readonly AutocastLinear c_proj;
    private readonly int heads;
    private readonly int layer;
    private AdaptionPrompt? adaption;

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
        if (adaption is not null)
        {
            y = y.add(adaption.forward(q, ProjectKeysValues), One);
        }

        return c_proj.forward(y.transpose(1, 2).contiguous().view(batch, time, channels));
    }

    public int Layer => layer;

    public void AttachAdaption(string name, AdaptionPrompt adaptionPrompt)
    {
        register_module(name, adaptionPrompt);
        adaption = adaptionPrompt;
    }

    // (L,C) prompt tokens -> (nh,L,hs) keys and values, through this layer's own projection.
    private (Tensor Keys, Tensor Values) ProjectKeysValues(Tensor prompt)
    {
        var (length, channels) = (prompt.shape[0], prompt.shape[1]);
        var kv = c_attn.forward(prompt).split(channels, dim: 1); // 3 × (L,C)
        return (kv[1].view(length, heads, channels / heads).transpose(0, 1), kv[2].view(length, heads, channels / heads).transpose(0, 1));
    }
}
