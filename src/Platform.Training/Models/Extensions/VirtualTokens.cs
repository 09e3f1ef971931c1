using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// One forward's view of a backbone's virtual tokens (an <see cref="InputPrompt"/> or a
/// <see cref="KeyValuePrefix"/>): the caller's attention mask never counts them, so P leading ones are
/// added; on the first forward of a sequence the prompt is prepended or the prefix fills the cache.
/// </summary>
public sealed class VirtualTokens : IDisposable
{
    private readonly Tensor? prompt; // (B,P,C), prepended by this forward
    private readonly KvCache? ownedCache;

    private VirtualTokens(DecoderInputs inputs, Tensor? prompt, KvCache? ownedCache)
    {
        Inputs = inputs;
        this.prompt = prompt;
        this.ownedCache = ownedCache;
    }

    /// <summary>The inputs with the virtual tokens counted in the mask and, for a prefix, in the cache.</summary>
    public DecoderInputs Inputs { get; }

    /// <summary>Registers a backbone's prompt or prefix under <paramref name="name"/>; a backbone takes one.</summary>
    public static T Attach<T>(nn.Module backbone, string name, T virtualTokens, nn.Module? attached) where T : nn.Module
    {
        if (attached is not null)
        {
            throw new InvalidOperationException("This backbone already has virtual tokens; one prompt or prefix method per model.");
        }

        backbone.register_module(name, virtualTokens);
        return virtualTokens;
    }

    public static VirtualTokens Begin(InputPrompt? inputPrompt, KeyValuePrefix? prefix, DecoderInputs inputs, long batch, int layers)
    {
        if (inputPrompt is null && prefix is null)
        {
            return new VirtualTokens(inputs, null, null);
        }

        var length = inputPrompt?.Length ?? prefix!.Length;
        var mask = inputs.AttentionMask is { } given
            ? cat([ones(batch, length, dtype: given.dtype, device: given.device), given], dim: 1)
            : null;
        var firstForward = (inputs.Cache?.Length ?? 0) == 0;
        var cache = inputs.Cache;
        KvCache? owned = null;
        if (prefix is not null && firstForward)
        {
            cache ??= owned = new KvCache(layers);
            var keysAndValues = prefix.KeysAndValues();
            for (var layer = 0; layer < layers; layer++)
            {
                var (keys, values) = keysAndValues[layer]; // (nkv,P,hs)
                cache.Append(layer, keys.unsqueeze(0).expand(batch, -1, -1, -1), values.unsqueeze(0).expand(batch, -1, -1, -1));
            }
        }

        var embeddings = inputPrompt is not null && firstForward ? inputPrompt.Embeddings().unsqueeze(0).expand(batch, -1, -1) : null;
        return new VirtualTokens(inputs with { AttentionMask = mask, Cache = cache }, embeddings, owned);
    }

    /// <summary>(B,T,C) token embeddings -> (B,P+T,C) on a prompt's first forward.</summary>
    public Tensor Prepend(Tensor embeddings) => prompt is null ? embeddings : cat([prompt.to(embeddings.dtype), embeddings], dim: 1);

    /// <summary>(B,P+T,C) -> (B,T,C): heads see only the real tokens.</summary>
    public Tensor Strip(Tensor hidden) => prompt is null ? hidden : hidden[.., (int)prompt.shape[1]..];

    public void Dispose() => ownedCache?.Dispose();
}
