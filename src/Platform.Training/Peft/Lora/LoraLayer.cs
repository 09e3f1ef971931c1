using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Lora;

/// <summary>
/// LoRA's update beside a frozen W: (α/r)·B·A·x, A (r,in) Kaiming-uniform, B (out,r) zero, so training
/// starts exactly at the base model. Field names follow PEFT (<c>lora_A</c>, <c>lora_B</c>).
/// </summary>
public sealed class LoraLayer : LinearAdapter
{
    private readonly AutocastLinear lora_A;
    private readonly AutocastLinear lora_B;
    private readonly TorchSharp.Modules.Dropout dropout;
    private readonly Scalar scaling;

    public LoraLayer(long inputSize, long outputSize, LoraOptions options, Generator generator) : base("lora")
    {
        lora_A = new AutocastLinear(inputSize, options.Rank, hasBias: false);
        lora_B = new AutocastLinear(options.Rank, outputSize, hasBias: false);
        dropout = nn.Dropout(options.Dropout);
        scaling = options.Scaling.ToScalar();
        using (no_grad())
        {
            // PEFT: kaiming_uniform_(a=√5) for A, drawn here from the run's generator so the seed decides it.
            var bound = 1 / Math.Sqrt(inputSize);
            using var width = (2 * bound).ToScalar();
            using var lowest = bound.ToScalar();
            lora_A.Weight.copy_(rand(lora_A.Weight.shape, generator: generator) * width - lowest);
            lora_B.Weight.zero_();
        }

        RegisterComponents();
    }

    /// <summary>(α/r)·B·A: (out,in), what merging adds to W.</summary>
    public Tensor DeltaWeight() => lora_B.Weight.matmul(lora_A.Weight) * scaling;

    // W·x + (…,in) -> (…,r) -> (…,out)
    public override Tensor forward(Tensor x, Func<Tensor, Tensor> frozen) => frozen(x).add(Update(x), One);

    /// <summary>(…,in) -> (…,out): the update alone, (α/r)·B·A·x.</summary>
    public Tensor Update(Tensor x) => lora_B.forward(lora_A.forward(dropout.forward(x))) * scaling;
}
