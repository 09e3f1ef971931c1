using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>Llama's backbone: Hugging Face's <c>model.*</c> parameters.</summary>
public sealed class LlamaModel : nn.Module<Tensor, DecoderInputs, Tensor>, IDecoderBackbone
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;

    public LlamaModel(DecoderConfig config) : base("model")
    {
        Config = config;
        embed_tokens = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new LlamaDecoderLayer(config, i)).ToArray());
        norm = new RmsNorm(config.EmbeddingSize, config.NormEpsilon);
        RegisterComponents();
    }

    public DecoderConfig Config { get; }

    public Parameter TokenEmbedding => embed_tokens.weight!;

    // (B,T) token ids -> (B,T,C) hidden states
    public override Tensor forward(Tensor tokens, DecoderInputs inputs)
    {
        var context = inputs.Resolve(tokens.shape[0], tokens.shape[1], embed_tokens.weight!.dtype, tokens.device);
        var x = embed_tokens.forward(tokens);
        foreach (var layer in layers)
        {
            x = layer.forward(x, context);
        }

        return norm.forward(x);
    }
}
