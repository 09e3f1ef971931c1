using Platform.Training.Models.Extensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>Llama's backbone: Hugging Face's <c>model.*</c> parameters.</summary>
public sealed class LlamaModel : nn.Module<Tensor, DecoderInputs, Tensor>, IDecoderBackbone
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private InputPrompt? prompt;
    private KeyValuePrefix? prefix;

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

    public void AttachPrompt(string name, InputPrompt inputPrompt) => prompt = VirtualTokens.Attach(this, name, inputPrompt, prompt ?? (nn.Module?)prefix);

    public void AttachPrefix(string name, KeyValuePrefix keyValuePrefix) => prefix = VirtualTokens.Attach(this, name, keyValuePrefix, prompt ?? (nn.Module?)prefix);

    public int VirtualTokenCount => prompt?.Template.BeforeInput ?? prefix?.Length ?? 0;

    // (B,T) token ids -> (B,T,C) hidden states
    public override Tensor forward(Tensor tokens, DecoderInputs inputs)
    {
        using var virtualTokens = VirtualTokens.Begin(prompt, prefix, inputs, tokens.shape[0], Config.Layers);
        var x = virtualTokens.Embed(embed_tokens, tokens); // (B,T,C), or (B,b+T,C) with b virtual tokens before the input
        var context = virtualTokens.Inputs.Resolve(x.shape[0], x.shape[1], embed_tokens.weight!.dtype, tokens.device);
        foreach (var layer in layers)
        {
            x = layer.forward(x, context);
        }

        return virtualTokens.Strip(norm.forward(x));
    }
}
