using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt;

public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly int heads;

    public CausalSelfAttention(GptConfig config) : base("attn")
    {
        heads = config.Heads;
        c_attn = nn.Linear(config.EmbeddingSize, 3 * config.EmbeddingSize);
        c_proj = nn.Linear(config.EmbeddingSize, config.EmbeddingSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, time, channels) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.forward(x).split(channels, dim: 2); // 3 × (B,T,C)
        // (B,T,C) -> (B,nh,T,hs)
        var q = qkv[0].view(batch, time, heads, channels / heads).transpose(1, 2);
        var k = qkv[1].view(batch, time, heads, channels / heads).transpose(1, 2);
        var v = qkv[2].view(batch, time, heads, channels / heads).transpose(1, 2);
        var y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true); // (B,nh,T,hs)
        y = y.transpose(1, 2).contiguous().view(batch, time, channels); // (B,T,C)
        return c_proj.forward(y);
    }
}
