using Platform.Domain.Runs;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>
/// TorchSharp has no <c>torch.autocast</c>, so this is its linear-layer part: inside a
/// <see cref="Precision.BFloat16Mixed"/> scope every linear projection multiplies in bfloat16 and
/// hands back float32, while weights, gradients, softmax, norms and losses stay float32.
/// </summary>
public static class Autocast
{
    // Thread-local like torch.autocast: a run's forward passes run on its own thread, and an ambient
    // scope reaches every layer and the tied head without threading a flag through each forward.
    [ThreadStatic]
    private static Precision current;

    public static Precision Current => current;

    /// <summary>Sets the precision on this thread until the returned scope is disposed, then restores the previous one.</summary>
    public static Scope Enter(Precision precision)
    {
        var scope = new Scope(current);
        current = precision;
        return scope;
    }

    /// <summary>x·Wᵀ + b: (…,in) -> (…,out); in bfloat16 inside a mixed scope, otherwise in the tensors' own dtype.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (current != Precision.BFloat16Mixed)
        {
            return nn.functional.linear(input, weight, bias);
        }

        // The casts are differentiable: backward turns the bfloat16 gradients back into float32 ones
        // for the float32 master weights. Autograd keeps what it needs, so the handles can go now.
        using var x = input.to(ScalarType.BFloat16);
        using var w = weight.to(ScalarType.BFloat16);
        using var b = bias?.to(ScalarType.BFloat16);
        using var y = nn.functional.linear(x, w, b);
        return y.to(ScalarType.Float32);
    }

    public sealed class Scope(Precision previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
