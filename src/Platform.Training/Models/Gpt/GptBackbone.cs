using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt;

/// <summary>Embeddings, blocks and final norm: Hugging Face's <c>transformer.*</c> parameters.</summary>
public sealed class GptBackbone : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;

    public GptBackbone(GptConfig config) : base("transformer")
    {
        wte = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        wpe = nn.Embedding(config.ContextLength, config.EmbeddingSize);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.EmbeddingSize);
        RegisterComponents();
    }

    public Parameter TokenEmbedding => wte.weight!;

    // (B,T) token ids -> (B,T,C) hidden states
    public override Tensor forward(Tensor tokens)
    {
        using var positions = arange(tokens.shape[1], dtype: ScalarType.Int64, device: tokens.device);
        var x = wte.forward(tokens) + wpe.forward(positions); // (B,T,C) + (T,C)
        foreach (var block in h)
        {
            x = block.forward(x);
        }

        return ln_f.forward(x);
    }
}
