using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.IA3;

/// <summary>
/// (IA)³ (Liu et al. 2022) as PEFT implements it: an <see cref="IA3Layer"/> on each target module, scaling the
/// output of attention projections and the input of feed-forward ones. Targets and feed-forward modules default
/// to PEFT's per-architecture choice; with explicit targets, a target is feed-forward when it is one of the
/// family's feed-forward modules. The adapter is PEFT's: <c>IA3Config</c> fields and keys such as
/// <c>base_model.model.transformer.h.0.attn.c_attn.ia3_l</c>.
/// </summary>
public sealed class IA3Method : PeftMethod
{
    public const string Prefix = "ia3_";

    private const string ModuleName = "ia3";

    public override RunMethod Method => RunMethods.IA3;

    public override bool StartsAtBaseModel => true;

    /// <summary>PEFT's TRANSFORMERS_MODELS_TO_IA3_TARGET_MODULES_MAPPING for gpt2 and llama.</summary>
    public static IReadOnlyList<string> DefaultTargets(ModelFamily family) =>
        family == ModelFamily.Gpt2 ? ["c_attn", "mlp.c_proj"] : ["k_proj", "v_proj", "down_proj"];

    /// <summary>PEFT's TRANSFORMERS_MODELS_TO_IA3_FEEDFORWARD_MODULES_MAPPING for gpt2 and llama.</summary>
    public static IReadOnlyList<string> DefaultFeedforward(ModelFamily family) =>
        family == ModelFamily.Gpt2 ? ["mlp.c_proj"] : ["down_proj"];

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model) =>
        LinearTargets.Problems(model, Targets(options, model.Config.Family), "IA3").ToList();

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        var feedforward = Feedforward(options, model.Config.Family);
        foreach (var (name, layer) in LinearTargets.Matching(model, Targets(options, model.Config.Family)))
        {
            // PEFT's rule: a plain suffix test, without the dot that target matching requires.
            var isFeedforward = feedforward.Any(f => name.EndsWith(f, StringComparison.Ordinal));
            layer.AttachAdapter(ModuleName, new IA3Layer(layer.InputSize, layer.OutputSize, isFeedforward));
        }

        return null;
    }

    public override bool Trains(string parameterName) => TrainableParameters.IsAdapterParameter(parameterName, Prefix);

    protected override string? LayerModuleName => ModuleName;

    public override MethodOptions Load(string folder, DecoderWithHead<Tensor> model, string baseModelSha256)
    {
        var config = AdapterFiles.ReadConfig(folder);
        var stored = Strings(config, "feedforward_modules");
        var derived = Feedforward(ReadOptions(config), model.Config.Family);
        if (!stored.SequenceEqual(derived))
        {
            throw new InvalidDataException(
                $"{AdapterFiles.ConfigFile}: feedforward_modules [{string.Join(", ", stored)}] differ from this model family's [{string.Join(", ", derived)}] for these targets.");
        }

        return base.Load(folder, model, baseModelSha256);
    }

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var config = AdapterFiles.PeftConfig("IA3", model, baseModelNameOrPath);
        config["target_modules"] = Array(Targets(options, model.Config.Family));
        config["feedforward_modules"] = Array(Feedforward(options, model.Config.Family));
        // GPT-2 stores its projections as Conv1D (in,out); PEFT needs to know to transpose them when merging.
        config["fan_in_fan_out"] = model.Config.Family == ModelFamily.Gpt2;
        config["init_ia3_weights"] = true;
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => new() { TargetModules = Strings(config, "target_modules") };

    private static IReadOnlyList<string> Targets(MethodOptions options, ModelFamily family) =>
        options.TargetModules.Count > 0 ? options.TargetModules : DefaultTargets(family);

    // PEFT requires feed-forward modules to be among the targets.
    private static IReadOnlyList<string> Feedforward(MethodOptions options, ModelFamily family) =>
        DefaultFeedforward(family).Where(Targets(options, family).Contains).ToList();

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static List<string> Strings(JsonObject config, string field) =>
        config[field]?.AsArray().Select(t => t!.GetValue<string>()).ToList()
            ?? throw new InvalidDataException($"{AdapterFiles.ConfigFile} has no '{field}'.");
}
