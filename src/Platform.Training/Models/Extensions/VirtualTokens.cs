using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// One forward's view of a backbone's virtual tokens (an <see cref="InputPrompt"/> or a
/// <see cref="KeyValuePrefix"/>): the caller's attention mask never counts those placed before its tokens, so
/// that many leading ones are added; on the first forward of a sequence the prompt is prepended, its
/// placeholders among the tokens are replaced, or the prefix fills the cache.
/// </summary>
public sealed class VirtualTokens : IDisposable
{
    private readonly Tensor? prompt; // (B,b,C), prepended by this forward
    private readonly Tensor? placeholderRows; // (P,C), for the placeholder ids among this forward's tokens
    private readonly KvCache? ownedCache;

    private VirtualTokens(DecoderInputs inputs, Tensor? prompt, Tensor? placeholderRows, KvCache? ownedCache)
    {
        Inputs = inputs;
        this.prompt = prompt;
        this.placeholderRows = placeholderRows;
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
            return new VirtualTokens(inputs, null, null, null);
        }

        var before = inputPrompt?.Template.BeforeInput ?? prefix!.Length;
        var mask = inputs.AttentionMask is { } given && before > 0
            ? cat([ones(batch, before, dtype: given.dtype, device: given.device), given], dim: 1)
            : inputs.AttentionMask;
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

        var rows = inputPrompt is not null && firstForward ? inputPrompt.Embeddings() : null; // (P,C)
        var prepended = rows is not null && before > 0 ? rows[..before].unsqueeze(0).expand(batch, -1, -1) : null;
        var placeholders = rows is not null && inputPrompt!.Template.AfterInput > 0 ? rows : null;
        return new VirtualTokens(inputs with { AttentionMask = mask, Cache = cache }, prepended, placeholders, owned);
    }

    /// <summary>
    /// (B,T) token ids -> (B,T,C) embeddings, or (B,b+T,C) on a prompt's first forward: placeholder ids take
    /// their virtual token's embedding, and the virtual tokens before the input are prepended.
    /// </summary>
    public Tensor Embed(Embedding table, Tensor tokens)
    {
        if (placeholderRows is null)
        {
            return Prepend(table.forward(tokens));
        }

        var isPlaceholder = PromptTemplate.IsPlaceholder(tokens).unsqueeze(-1); // (B,T,1)
        var words = table.forward(tokens.clamp_min(Zero)); // (B,T,C)
        using var lastRow = (placeholderRows.shape[0] - 1).ToScalar();
        var rows = PromptTemplate.Rows(tokens).clamp(Zero, lastRow); // (B,T)
        var placed = placeholderRows.index_select(0, rows.flatten()).view(words.shape).to(words.dtype);
        return Prepend(where(isPlaceholder, placed, words));
    }

    private Tensor Prepend(Tensor embeddings) => prompt is null ? embeddings : cat([prompt.to(embeddings.dtype), embeddings], dim: 1);

    /// <summary>(B,b+T,C) -> (B,T,C): heads see only the caller's tokens.</summary>
    public Tensor Strip(Tensor hidden) => prompt is null ? hidden : hidden[.., (int)prompt.shape[1]..];

    public void Dispose() => ownedCache?.Dispose();
}
