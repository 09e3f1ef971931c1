using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// What a decoder needs besides the token ids: which tokens are padding (1 = real, 0 = pad, over the
/// cached and the new tokens; left padding for batched generation) and, while generating, the cache
/// of earlier keys and values.
/// </summary>
public sealed record DecoderInputs(Tensor? AttentionMask = null, KvCache? Cache = null)
{
    public static readonly DecoderInputs None = new();

    /// <summary>Resolves positions and the attention mask for <paramref name="time"/> new tokens, once per forward.</summary>
    public AttentionContext Resolve(long batch, long time, ScalarType dtype, Device device)
    {
        var past = Cache?.Length ?? 0;
        var mask = AttentionMask ?? (past > 0 && time > 1 ? ones(batch, past + time, dtype: ScalarType.Int64, device: device) : null);
        if (mask is null)
        {
            // No padding: plain causal attention, or a single new token that may see every cached one.
            using var start = past.ToScalar();
            using var stop = (past + time).ToScalar();
            var positions = arange(start, stop, One, dtype: ScalarType.Int64, device: device).expand(batch, time);
            return new AttentionContext(positions, Bias: null, IsCausal: past == 0, Cache);
        }

        return new AttentionContext(Positions(mask, past), Bias(mask, past, dtype), IsCausal: false, Cache);
    }

    // Pads do not advance the position, as Hugging Face counts them for left-padded batches.
    private static Tensor Positions(Tensor mask, long past) => (mask.cumsum(1) - One).clamp_min(Zero)[.., (int)past..];

    /// <summary>
    /// Additive mask (B,1,T,S): a query attends to earlier keys that are not padding; a pad query
    /// attends causally, so that no row is empty (its output is ignored).
    /// </summary>
    private static Tensor Bias(Tensor mask, long past, ScalarType dtype)
    {
        var total = mask.shape[1];
        var device = mask.device;
        using var start = past.ToScalar();
        using var stop = total.ToScalar();
        var causal = arange(Zero, stop, One, device: device).unsqueeze(0).le(arange(start, stop, One, device: device).unsqueeze(1)); // (T,S)
        var keyIsReal = mask.to(ScalarType.Bool).unsqueeze(1); // (B,1,S)
        var queryIsPad = mask[.., (int)past..].eq(Zero).unsqueeze(2); // (B,T,1)
        var allowed = causal.unsqueeze(0).logical_and(keyIsReal.logical_or(queryIsPad)); // (B,T,S)
        return zeros(allowed.shape, dtype: dtype, device: device)
            .masked_fill(allowed.logical_not(), NegativeInfinity)
            .unsqueeze(1);
    }
}

/// <summary>Per-forward attention inputs shared by every layer.</summary>
public sealed record AttentionContext(Tensor Positions, Tensor? Bias, bool IsCausal, KvCache? Cache)
{
    /// <summary>Attention over (B,nh,T,hs) queries and (B,nkv,S,hs) keys/values, repeating kv heads for grouped queries.</summary>
    public Tensor Attend(Tensor queries, Tensor keys, Tensor values)
    {
        var groups = queries.shape[1] / keys.shape[1];
        if (groups > 1)
        {
            keys = keys.repeat_interleave(groups, dim: 1);
            values = values.repeat_interleave(groups, dim: 1);
        }

        return nn.functional.scaled_dot_product_attention(queries, keys, values, attn_mask: Bias, is_casual: IsCausal);
    }
}
