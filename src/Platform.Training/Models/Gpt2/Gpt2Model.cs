using Platform.Training.Models.Extensions;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt2;

/// <summary>GPT-2's backbone: Hugging Face's <c>transformer.*</c> parameters.</summary>
public sealed class Gpt2Model : nn.Module<Tensor, DecoderInputs, Tensor>, IDecoderBackbone
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;
    private InputPrompt? prompt;
    private KeyValuePrefix? prefix;

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

    public void AttachPrompt(string name, InputPrompt inputPrompt) => prompt = VirtualTokens.Attach(this, name, inputPrompt, prompt ?? (nn.Module?)prefix);

    public void AttachPrefix(string name, KeyValuePrefix keyValuePrefix) => prefix = VirtualTokens.Attach(this, name, keyValuePrefix, prompt ?? (nn.Module?)prefix);

    public int VirtualTokenCount => prompt?.Template.BeforeInput ?? prefix?.Length ?? 0;

    // (B,T) token ids -> (B,T,C) hidden states
    public override Tensor forward(Tensor tokens, DecoderInputs inputs)
    {
        using var virtualTokens = VirtualTokens.Begin(prompt, prefix, inputs, tokens.shape[0], Config.Layers);
        var x = virtualTokens.Embed(wte, tokens); // (B,T,C), or (B,b+T,C) with b virtual tokens before the input
        var context = virtualTokens.Inputs.Resolve(x.shape[0], x.shape[1], wte.weight!.dtype, tokens.device);
        EnsureWithinContext((virtualTokens.Inputs.Cache?.Length ?? 0) + x.shape[1]);
        x = x.add(wpe.forward(context.Positions), One);
        foreach (var block in h)
        {
            x = block.forward(x, context);
        }

        return virtualTokens.Strip(ln_f.forward(x));
    }

    // Learned positions end at the context length: past it there is no position to embed.
    private void EnsureWithinContext(long positions)
    {
        if (positions > Config.ContextLength)
        {
            var virtualTokens = VirtualTokenCount > 0
                ? $" ({VirtualTokenCount} of them virtual tokens: keep texts to at most {Config.ContextLength - VirtualTokenCount} tokens)"
                : "";
            throw new ArgumentException($"{positions} positions{virtualTokens} exceed the model's context length {Config.ContextLength}.");
        }
    }
}
