using Platform.Training.Models.Extensions;
using static TorchSharp.torch;

namespace Platform.Training.Peft.IA3;

/// <summary>
/// (IA)³'s learned per-channel scaling of one linear layer, as PEFT's <c>IA3Layer</c>: <c>ia3_l</c> (out,1) scales
/// the output (keys, values), or (1,in) scales the input of a feed-forward layer (the activations inside the MLP).
/// Ones at the start, so the layer is unchanged.
/// </summary>
public sealed class IA3Layer : LinearAdapter
{
    private readonly TorchSharp.Modules.Parameter ia3_l;

    public IA3Layer(long inputSize, long outputSize, bool feedforward) : base("ia3")
    {
        IsFeedforward = feedforward;
        ia3_l = nn.Parameter(feedforward ? ones(1, inputSize) : ones(outputSize, 1));
        RegisterComponents();
    }

    public bool IsFeedforward { get; }

    // (…,in) -> (…,out), scaled per input or per output channel
    public override Tensor forward(Tensor x, Func<Tensor, Tensor> frozen)
    {
        using var scale = ia3_l.flatten(); // (in) or (out)
        return IsFeedforward ? frozen(x * scale) : frozen(x) * scale;
    }
}
