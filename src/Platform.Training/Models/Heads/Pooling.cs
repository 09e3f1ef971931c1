using Platform.Domain.Runs;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

internal static class Pooling
{
    /// <summary>(B,T,C) -> (B,C): the hidden states a head reads, for left or right padding.</summary>
    public static Tensor Pool(Tensor hidden, Tensor? attentionMask, SequencePooling pooling) => pooling switch
    {
        SequencePooling.LastToken => LastRealToken(hidden, attentionMask),
        SequencePooling.FirstToken => FirstRealToken(hidden, attentionMask),
        SequencePooling.Mean => MeanOfRealTokens(hidden, attentionMask),
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    /// <summary>The hidden state (B,C) of each sequence's last real token, for left or right padding.</summary>
    private static Tensor LastRealToken(Tensor hidden, Tensor? attentionMask)
    {
        var (batch, time) = (hidden.shape[0], hidden.shape[1]);
        using var lastPosition = (time - 1).ToScalar();
        using var positions = time.ToScalar();
        var last = attentionMask is null
            ? full(batch, lastPosition, dtype: ScalarType.Int64, device: hidden.device)
            : (attentionMask * arange(Zero, positions, One, device: hidden.device)).argmax(1); // (B)
        return hidden[Rows(batch, hidden.device), last];
    }

    private static Tensor FirstRealToken(Tensor hidden, Tensor? attentionMask)
    {
        var batch = hidden.shape[0];
        var first = attentionMask is null
            ? zeros(batch, dtype: ScalarType.Int64, device: hidden.device)
            : attentionMask.argmax(1); // (B) the first 1: argmax returns the first maximum
        return hidden[Rows(batch, hidden.device), first];
    }

    private static Tensor MeanOfRealTokens(Tensor hidden, Tensor? attentionMask)
    {
        if (attentionMask is null)
        {
            return hidden.mean([1]);
        }

        var weights = attentionMask.to(hidden.dtype).unsqueeze(-1); // (B,T,1)
        return (hidden * weights).sum(1) / weights.sum(1).clamp_min(One);
    }

    private static Tensor Rows(long batch, Device device)
    {
        using var count = batch.ToScalar();
        return arange(Zero, count, One, device: device);
    }
}
