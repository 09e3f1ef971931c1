using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Lora;

/// <summary>
/// LoRA as a run method. The adapter is PEFT's: <c>LoraConfig</c> fields in adapter_config.json and keys
/// such as <c>base_model.model.transformer.h.0.attn.c_attn.lora_A.weight</c>, so PEFT loads it onto the
/// Transformers model of the same architecture.
/// </summary>
public class LoraMethod : PeftMethod
{
    public override RunMethod Method => RunMethods.Lora;

    public override bool StartsAtBaseModel => true;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var lora = LoraOptions.From(options, model.Config.Family);
        return lora.Problems().Concat(LoraInjector.TargetProblems(model, lora.TargetModules)).ToList();
    }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        LoraInjector.Inject(model, LoraOptions.From(options, model.Config.Family), generator);
        return null;
    }

    public override bool Trains(string parameterName) => TrainableParameters.IsAdapterParameter(parameterName, LoraInjector.Prefix);

    protected override string? LayerModuleName => LoraInjector.ModuleName;

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var lora = LoraOptions.From(options, model.Config.Family);
        var config = AdapterFiles.PeftConfig("LORA", model, baseModelNameOrPath);
        config["r"] = lora.Rank;
        config["lora_alpha"] = lora.Alpha;
        config["lora_dropout"] = lora.Dropout;
        config["target_modules"] = new JsonArray(lora.TargetModules.Select(t => (JsonNode)t).ToArray());
        config["bias"] = "none";
        // GPT-2 stores its projections as Conv1D (in,out); PEFT needs to know to transpose them when merging.
        config["fan_in_fan_out"] = model.Config.Family == ModelFamily.Gpt2;
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => ReadLoraOptions(config);

    /// <summary>The options a PEFT LoRA adapter_config.json describes.</summary>
    public static MethodOptions ReadLoraOptions(JsonObject config) => new()
    {
        Rank = Required<int>(config, "r"),
        Alpha = Required<double>(config, "lora_alpha"),
        Dropout = config["lora_dropout"]?.GetValue<double>() ?? 0,
        TargetModules = config["target_modules"]?.AsArray().Select(t => t!.GetValue<string>()).ToList()
            ?? throw new InvalidDataException($"{AdapterFiles.ConfigFile} has no 'target_modules'."),
    };
}
