using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

/// <summary>GPT-2's backbone: Hugging Face's <c>transformer.*</c> parameters.</summary>
public sealed class Gpt2Model : nn.Module<Tensor, DecoderInputs, Tensor>, IDecoderBackbone
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;

    public Gpt2Model(DecoderConfig config) : base("transformer")
    {
        Config = config;
        wte = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        wpe = nn.Embedding(config.ContextLength, config.EmbeddingSize);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new Gpt2Block(config, i)).ToArray());
        ln_f = nn.LayerNorm(config.EmbeddingSize, config.NormEpsilon);
        RegisterComponents();
    }

    public DecoderConfig Config { get; }

    public Parameter TokenEmbedding => wte.weight!;

    // (B,T) token ids -> (B,T,C) hidden states
    public override Tensor forward(Tensor tokens, DecoderInputs inputs)
    {
        var context = inputs.Resolve(tokens.shape[0], tokens.shape[1], wte.weight!.dtype, tokens.device);
        var x = wte.forward(tokens) + wpe.forward(context.Positions); // (B,T,C)
        foreach (var block in h)
        {
            x = block.forward(x, context);
        }

        return ln_f.forward(x);
    }
}
