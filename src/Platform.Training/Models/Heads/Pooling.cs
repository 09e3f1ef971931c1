using static TorchSharp.torch;

namespace Platform.Training.Models.Heads;

internal static class Pooling
{
    /// <summary>The hidden state (B,C) of each sequence's last real token, for left or right padding.</summary>
    public static Tensor LastRealToken(Tensor hidden, Tensor? attentionMask)
    {
        var (batch, time) = (hidden.shape[0], hidden.shape[1]);
        var last = attentionMask is null
            ? full(batch, time - 1, dtype: ScalarType.Int64, device: hidden.device)
            : (attentionMask * arange(time, device: hidden.device)).argmax(1); // (B)
        return hidden[arange(batch, device: hidden.device), last];
    }
}
