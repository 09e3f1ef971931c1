using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>x / rms(x) · weight, computed in at least float32 as Hugging Face's LlamaRMSNorm does.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    private readonly Scalar epsilon;

    public RmsNorm(int size, double epsilon) : base("norm")
    {
        this.epsilon = epsilon.ToScalar();
        weight = nn.Parameter(ones(size));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var wide = x.dtype == ScalarType.Float64 ? x : x.to(ScalarType.Float32);
        var normalised = wide * wide.pow(Two).mean([-1], keepdim: true).add(epsilon, One).rsqrt();
        return weight * normalised.to(x.dtype);
    }
}
