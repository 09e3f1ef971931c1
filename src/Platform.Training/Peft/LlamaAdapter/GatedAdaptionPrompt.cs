using Platform.Training.Models.Extensions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Peft.LlamaAdapter;

/// <summary>
/// LLaMA-Adapter's zero-init attention in one layer (PEFT's <c>AdaptedAttention</c>): gate ·
/// softmax(q·Kpᵀ/√hs)·Vp, a softmax of its own so the prompt does not take attention from the text, and a
/// gate starting at 0 so that training starts exactly at the base model. Field names are PEFT's.
/// </summary>
public sealed class GatedAdaptionPrompt : AdaptionPrompt
{
    private readonly Parameter adaption_prompt;
    private readonly Parameter adaption_gate;

    public GatedAdaptionPrompt(int length, int embeddingSize, Generator generator) : base("adaption")
    {
        // PEFT (after the official code's nn.Embedding): (1,L,C) N(0,1); the gate (1) zero.
        adaption_prompt = nn.Parameter(randn(1, length, embeddingSize, generator: generator));
        adaption_gate = nn.Parameter(zeros(1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor queries, Func<Tensor, (Tensor Keys, Tensor Values)> project)
    {
        var (keys, values) = project(adaption_prompt[0]); // (nh,L,hs)
        using var scale = (1 / Math.Sqrt(queries.shape[^1])).ToScalar();
        var scores = queries.matmul(keys.transpose(-2, -1).to(queries.dtype)) * scale; // (B,nh,T,L)
        var weights = adaption_gate * scores.softmax(-1, dtype: ScalarType.Float32).to(queries.dtype);
        return weights.matmul(values.to(queries.dtype)); // (B,nh,T,hs)
    }
}
