using Platform.Training.Models;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>Examples padded on the right to one length: (B,T) tokens, (B,T) mask (1 = real), and the task's targets.</summary>
public sealed record TaskBatch(Tensor Tokens, Tensor AttentionMask, Tensor Targets)
{
    public DecoderInputs Inputs => new(AttentionMask);

    /// <summary>Real (unpadded) tokens in the batch, for throughput.</summary>
    public long RealTokens => AttentionMask.sum().item<long>();
}
