using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PrefixTuning;

/// <summary>
/// Every layer's key/value prefixes as one (P, layers·2·nkv·hs) tensor, PEFT's flat <c>past_key_values</c>
/// (its <c>PrefixEncoder</c>): either the parameter itself (P-tuning v2, and any loaded prefix) or the output
/// of an MLP over a (P, nkv·hs) embedding, Li and Liang's reparameterisation, which steadies training.
/// </summary>
public sealed class PrefixEncoder : KeyValuePrefix
{
    private readonly Parameter embedding;
    private readonly Sequential? transform;
    private readonly DecoderConfig config;

    private PrefixEncoder(DecoderConfig config, Parameter embedding, Sequential? transform) : base(PromptLearningMethod.ModuleName)
    {
        this.config = config;
        this.embedding = embedding;
        this.transform = transform;
        RegisterComponents();
    }

    /// <summary>PEFT's token_dim for prefixes: the width of one layer's keys (nkv·hs, less than C under grouped-query attention).</summary>
    public static int TokenDim(DecoderConfig config) => config.KvHeads * config.HeadSize;

    /// <summary>The prefixes themselves are the parameter: (P, layers·2·nkv·hs); the module takes ownership.</summary>
    public static PrefixEncoder Direct(DecoderConfig config, Tensor prefixes) => new(config, nn.Parameter(prefixes), null);

    /// <summary>Embedding (P, nkv·hs) N(0,1) → Linear(nkv·hs, hidden) → tanh → Linear(hidden, layers·2·nkv·hs), as PEFT builds it.</summary>
    public static PrefixEncoder Reparameterised(DecoderConfig config, int virtualTokens, int hiddenSize, Generator generator)
    {
        var tokenDim = TokenDim(config);
        var down = new AutocastLinear(tokenDim, hiddenSize);
        var up = new AutocastLinear(hiddenSize, config.Layers * 2 * tokenDim);
        SeededInitialisation.Uniform(down, tokenDim, generator);
        SeededInitialisation.Uniform(up, hiddenSize, generator);
        var transform = nn.Sequential(("0", down), ("1", nn.Tanh()), ("2", up));
        return new PrefixEncoder(config, nn.Parameter(randn(virtualTokens, tokenDim, generator: generator)), transform);
    }

    public override int Length => (int)embedding.shape[0];

    /// <summary>(P, layers·2·nkv·hs): what the adapter saves.</summary>
    public Tensor PastKeyValues() => transform is null ? embedding : transform.forward(embedding);

    public override IReadOnlyList<(Tensor Keys, Tensor Values)> KeysAndValues()
    {
        // PEFT's get_prompt: view(P, layers·2, nkv, hs), permute to (layers·2, nkv, P, hs), split in pairs:
        // layer l's keys at 2l, its values at 2l+1.
        var all = PastKeyValues().view(Length, config.Layers * 2, config.KvHeads, config.HeadSize).permute(1, 2, 0, 3);
        return Enumerable.Range(0, config.Layers).Select(layer => (all[2 * layer], all[(2 * layer) + 1])).ToList();
    }
}
