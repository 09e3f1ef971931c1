using Platform.Training.Models.Extensions;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>Grouped-query attention with rotary positions; no biases.</summary>
public sealed class LlamaAttention : nn.Module<Tensor, AttentionContext, Tensor>, IAdaptableAttention
{
    private readonly AutocastLinear q_proj;
    private readonly AutocastLinear k_proj;
    private readonly AutocastLinear v_proj;
    private readonly AutocastLinear o_proj;
    private readonly DecoderConfig config;
    private readonly int layer;
    private AdaptionPrompt? adaption;

    public LlamaAttention(DecoderConfig config, int layer) : base("self_attn")
    {
        this.config = config;
        this.layer = layer;
        q_proj = new AutocastLinear(config.EmbeddingSize, config.Heads * config.HeadSize, hasBias: false);
        k_proj = new AutocastLinear(config.EmbeddingSize, config.KvHeads * config.HeadSize, hasBias: false);
        v_proj = new AutocastLinear(config.EmbeddingSize, config.KvHeads * config.HeadSize, hasBias: false);
        o_proj = new AutocastLinear(config.Heads * config.HeadSize, config.EmbeddingSize, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, AttentionContext context)
    {
        var (batch, time) = (x.shape[0], x.shape[1]);
        var q = q_proj.forward(x).view(batch, time, config.Heads, config.HeadSize).transpose(1, 2); // (B,nh,T,hs)
        var k = k_proj.forward(x).view(batch, time, config.KvHeads, config.HeadSize).transpose(1, 2); // (B,nkv,T,hs)
        var v = v_proj.forward(x).view(batch, time, config.KvHeads, config.HeadSize).transpose(1, 2);
        var (cos, sin) = RotaryEmbedding.For(context.Positions, config.HeadSize, config.RopeTheta);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (context.Cache is { } cache)
        {
            (k, v) = cache.Append(layer, k, v); // (B,nkv,S,hs)
        }

        var y = context.Attend(q, k, v); // (B,nh,T,hs)
        if (adaption is not null)
        {
            y = y.add(adaption.forward(q, ProjectKeysValues), One);
        }

        return o_proj.forward(y.transpose(1, 2).contiguous().view(batch, time, config.Heads * config.HeadSize));
    }

    public int Layer => layer;

    public void AttachAdaption(string name, AdaptionPrompt adaptionPrompt)
    {
        register_module(name, adaptionPrompt);
        adaption = adaptionPrompt;
    }

    // (L,C) prompt tokens -> (nh,L,hs) keys and values, without rotation (as LLaMA-Adapter), kv heads repeated.
    private (Tensor Keys, Tensor Values) ProjectKeysValues(Tensor prompt)
    {
        var length = prompt.shape[0];
        var groups = config.Heads / config.KvHeads;
        var k = k_proj.forward(prompt).view(length, config.KvHeads, config.HeadSize).transpose(0, 1).repeat_interleave(groups, dim: 0);
        var v = v_proj.forward(prompt).view(length, config.KvHeads, config.HeadSize).transpose(0, 1).repeat_interleave(groups, dim: 0);
        return (k, v);
    }
}
