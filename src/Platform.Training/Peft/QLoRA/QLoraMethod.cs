using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.Lora;
using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// QLoRA (Dettmers et al. 2023): LoRA on top of a base whose linear weights are frozen in 4-bit NormalFloat
/// (<see cref="QuantizedBase"/>) and dequantised on the fly. Everything LoRA is LoRA's: options, layers and the
/// adapter, which is a PEFT LoRA adapter (peft_type LORA) as PEFT writes it for a 4-bit base. Loading one
/// quantises the fresh base first, so the adapter meets the base it was trained on. The output at step 0 is
/// the quantised base's, not the float32 base's.
/// </summary>
public sealed class QLoraMethod : LoraMethod
{
    public override RunMethod Method => RunMethods.QLora;

    public override bool StartsAtBaseModel => false;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model) =>
        QuantizedBase.BitsPerParameter(model) < 32
            ? [.. base.Problems(options, model), "The base model is quantised already; apply QLoRA to a fresh one."]
            : base.Problems(options, model);

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        QuantizedBase.Quantize(model);
        return base.Change(model, options, generator);
    }
}
