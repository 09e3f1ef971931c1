using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.BitFit;

/// <summary>
/// BitFit (Ben Zaken et al. 2021): only the bias terms (and the task head) train. No layer changes, so
/// the output at step 0 is the base model's. PEFT has no BitFit, so the adapter is our own layout:
/// adapter_config.json <c>{"peft_type": "BITFIT"}</c> and the biases under PEFT-style keys.
/// </summary>
public sealed class BitFitMethod : PeftMethod
{
    public override RunMethod Method => RunMethods.BitFit;

    public override bool StartsAtBaseModel => true;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model) =>
        model.named_parameters().Any(p => IsBias(p.name))
            ? []
            : ["BitFit trains biases and this model has none (Llama-family layers have no bias terms); choose another method."];

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator) => null;

    public override bool Trains(string parameterName) => IsBias(parameterName);

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath) =>
        AdapterFiles.PeftConfig("BITFIT", model, baseModelNameOrPath);

    protected override MethodOptions ReadOptions(JsonObject config) => new();

    private static bool IsBias(string parameterName) => parameterName.Split('.')[^1] == "bias";
}
