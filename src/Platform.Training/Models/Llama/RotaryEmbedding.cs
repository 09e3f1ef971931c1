using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>
/// Rotary positions in Hugging Face's "rotate half" layout (the layout Llama checkpoints' q/k
/// projections are stored for): x·cos + rotate_half(x)·sin with frequencies θ^(−2i/d).
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>cos and sin (B,1,T,hs) for positions (B,T).</summary>
    public static (Tensor Cos, Tensor Sin) For(Tensor positions, int headSize, double theta)
    {
        using var size = headSize.ToScalar();
        var inverseFrequencies = pow(theta, arange(Zero, size, Two, dtype: ScalarType.Float32, device: positions.device) / size).reciprocal(); // (hs/2)
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * inverseFrequencies; // (B,T,hs/2)
        var doubled = cat([angles, angles], dim: -1).unsqueeze(1); // (B,1,T,hs)
        return (doubled.cos(), doubled.sin());
    }

    /// <summary>Rotates (B,h,T,hs) queries or keys.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = (int)(x.shape[^1] / 2);
        var rotated = cat([x[.., .., .., half..].neg(), x[.., .., .., ..half]], dim: -1);
        return (x * cos.to(x.dtype)).add(rotated * sin.to(x.dtype), One);
    }
}
