using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Finetuning;

/// <summary>Finetuning II, full fine-tuning: every parameter trains, and the "adapter" is every weight (peft_type FULL).</summary>
public sealed class FinetuningFullMethod : FinetuningMethod
{
    public override RunMethod Method => RunMethods.FinetuningFull;

    protected override string PeftType => "FULL";

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model) => [];

    public override bool Trains(string parameterName) => true;

    protected override MethodOptions ReadOptions(JsonObject config) => new();
}
