using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

public sealed class LlamaDecoderLayer : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(DecoderConfig config, int layer) : base("layer")
    {
        input_layernorm = new RmsNorm(config.EmbeddingSize, config.NormEpsilon);
        self_attn = new LlamaAttention(config, layer);
        post_attention_layernorm = new RmsNorm(config.EmbeddingSize, config.NormEpsilon);
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, AttentionContext context)
    {
        x = x.add(self_attn.forward(input_layernorm.forward(x), context), One);
        return x.add(mlp.forward(post_attention_layernorm.forward(x)), One);
    }
}
