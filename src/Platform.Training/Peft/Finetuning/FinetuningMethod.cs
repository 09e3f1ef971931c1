using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Finetuning;

/// <summary>
/// The baselines that train base-model weights themselves instead of adding layers: nothing changes, so the
/// output at step 0 is the base model's. PEFT has no such adapter; ours is its layout with the trained tensors
/// under <c>base_model.model.…</c> and adapter_config.json naming the <see cref="PeftType"/>.
/// </summary>
public abstract class FinetuningMethod : PeftMethod
{
    public override bool StartsAtBaseModel => true;

    /// <summary>adapter_config.json's peft_type.</summary>
    protected abstract string PeftType { get; }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator) => null;

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath) =>
        AdapterFiles.PeftConfig(PeftType, model, baseModelNameOrPath);
}
