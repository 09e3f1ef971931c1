using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Houlsby;

/// <summary>
/// Adapters (Houlsby et al. 2019): a <see cref="HoulsbyAdapter"/> after the attention block and after the
/// feed-forward block of every layer, i.e. on the output of their last projection (GPT-2's attn.c_proj and
/// mlp.c_proj, Llama's o_proj and down_proj). PEFT has no Houlsby adapter, so the adapter is our own layout:
/// adapter_config.json <c>{"peft_type": "HOULSBY", "bottleneck_size", "target_modules", "adapter_dropout",
/// "non_linearity": "gelu"}</c> and keys such as <c>base_model.model.transformer.h.0.attn.c_proj.adapter_down.weight</c>.
/// </summary>
public sealed class HoulsbyMethod : PeftMethod
{
    public const string Prefix = "adapter_";

    private const string ModuleName = "adapter";

    public override RunMethod Method => RunMethods.Houlsby;

    public override bool StartsAtBaseModel => true;

    /// <summary>The last projection of the attention block and of the feed-forward block.</summary>
    public static IReadOnlyList<string> DefaultTargets(ModelFamily family) =>
        family == ModelFamily.Gpt2 ? ["attn.c_proj", "mlp.c_proj"] : ["o_proj", "down_proj"];

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var problems = new List<string>();
        if (options.BottleneckSize < 1 || options.BottleneckSize > model.Config.EmbeddingSize)
        {
            problems.Add($"The Houlsby adapter's bottleneck size must be between 1 and the model width {model.Config.EmbeddingSize} (got {options.BottleneckSize}).");
        }

        if (!double.IsFinite(options.Dropout) || options.Dropout is < 0 or >= 1)
        {
            problems.Add($"The Houlsby adapter's dropout must be in [0, 1) (got {options.Dropout}).");
        }

        problems.AddRange(LinearTargets.Problems(model, Targets(options, model.Config.Family), "Houlsby adapters"));
        return problems;
    }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        foreach (var (_, layer) in LinearTargets.Matching(model, Targets(options, model.Config.Family)))
        {
            layer.AttachAdapter(ModuleName, new HoulsbyAdapter(layer.OutputSize, options.BottleneckSize, options.Dropout, generator));
        }

        return null;
    }

    public override bool Trains(string parameterName) => TrainableParameters.IsAdapterParameter(parameterName, Prefix);

    protected override string? LayerModuleName => ModuleName;

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var config = AdapterFiles.PeftConfig("HOULSBY", model, baseModelNameOrPath);
        config["bottleneck_size"] = options.BottleneckSize;
        config["adapter_dropout"] = options.Dropout;
        config["non_linearity"] = "gelu";
        config["target_modules"] = new JsonArray(Targets(options, model.Config.Family).Select(t => (JsonNode)t).ToArray());
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => new()
    {
        BottleneckSize = Required<int>(config, "bottleneck_size"),
        Dropout = config["adapter_dropout"]?.GetValue<double>() ?? 0,
        TargetModules = config["target_modules"]?.AsArray().Select(t => t!.GetValue<string>()).ToList()
            ?? throw new InvalidDataException($"{AdapterFiles.ConfigFile} has no 'target_modules'."),
    };

    private static IReadOnlyList<string> Targets(MethodOptions options, ModelFamily family) =>
        options.TargetModules.Count > 0 ? options.TargetModules : DefaultTargets(family);
}
