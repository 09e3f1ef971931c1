using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.Lora;
using static TorchSharp.torch;

namespace Platform.Training.Peft.AdaLoRA;

/// <summary>
/// AdaLoRA as a run method: SVD-form updates beside the target linear layers, and a <see cref="RankAllocator"/>
/// that prunes them to the budget while training. The adapter is PEFT's: <c>AdaLoraConfig</c> fields in
/// adapter_config.json with the final <c>rank_pattern</c>, and keys such as
/// <c>base_model.model.transformer.h.0.attn.c_attn.lora_E</c> holding only the kept triplets, as
/// <c>get_peft_model_state_dict</c> writes them (PEFT does not save <c>ranknum</c>; it is init_r).
/// </summary>
public sealed class AdaLoraMethod : PeftMethod
{
    private const string ModuleName = "adalora";

    public override RunMethod Method => RunMethods.AdaLora;

    public override bool StartsAtBaseModel => true;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var adalora = AdaLoraOptions.From(options, model.Config.Family);
        return adalora.Problems().Concat(LoraInjector.TargetProblems(model, adalora.TargetModules)).ToList();
    }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        var adalora = AdaLoraOptions.From(options, model.Config.Family);
        var layers = new List<AdaLoraLayer>();
        foreach (var (_, target) in LoraInjector.Targets(model, adalora.TargetModules))
        {
            var layer = new AdaLoraLayer(target.InputSize, target.OutputSize, adalora, generator);
            target.AttachAdapter(ModuleName, layer);
            layers.Add(layer);
        }

        return new RankAllocator(layers, adalora);
    }

    public override bool Trains(string parameterName) => TrainableParameters.IsAdapterParameter(parameterName, LoraInjector.Prefix);

    protected override string? LayerModuleName => ModuleName;

    public override void Save(string folder, DecoderWithHead<Tensor> model, MethodOptions options, AdapterProvenance provenance)
    {
        using var scope = NewDisposeScope();
        var layers = Layers(model);
        var triplets = layers.SelectMany(l =>
        {
            var (a, e, b) = l.Layer.SavedTriplets(l.Layer.SavedPattern());
            return new[] { (Key(l.Name, "lora_A"), a), (Key(l.Name, "lora_E"), e), (Key(l.Name, "lora_B"), b) };
        }).ToList();
        var keys = triplets.Select(t => t.Item1).ToHashSet();
        var others = SavedTensors(model, options).Where(t => !keys.Contains(t.Key));
        AdapterFiles.Write(folder, AdapterConfig(model, options, provenance.BaseModelNameOrPath(folder)), triplets.Concat(others), provenance);
    }

    public override MethodOptions Load(string folder, DecoderWithHead<Tensor> model, string baseModelSha256)
    {
        AdapterProvenance.Read(folder).EnsureMatches(Method.Id, model.Config.Family.ToString(), baseModelSha256);
        var config = AdapterFiles.ReadConfig(folder);
        var options = ReadOptions(config);
        using (var generator = new Generator(0))
        {
            Apply(model, options, generator);
        }

        using var scope = NewDisposeScope();
        var patterns = RankPatterns(config);
        var layers = Layers(model).Select(l =>
        {
            var pattern = patterns?.GetValueOrDefault(l.Name + ".lora_E")
                ?? (patterns is null ? null : throw new InvalidDataException($"{AdapterFiles.ConfigFile}: rank_pattern has no entry for {l.Name}."));
            var kept = pattern?.Count(k => k) ?? l.Layer.Rank;
            var input = l.Layer.RightSingularVectors.shape[1];
            var output = l.Layer.LeftSingularVectors.shape[0];
            return (l.Name, l.Layer, Pattern: pattern, A: empty(kept, input), E: empty(kept, 1), B: empty(output, kept));
        }).ToList();
        var targets = layers.SelectMany(l => new[] { (Key(l.Name, "lora_A"), l.A), (Key(l.Name, "lora_E"), l.E), (Key(l.Name, "lora_B"), l.B) }).ToList();
        var keys = targets.Select(t => t.Item1).ToHashSet();
        var others = SavedTensors(model, options).Where(t => !keys.Contains(t.Key));
        AdapterFiles.CopyInto(folder, targets.Concat(others));
        foreach (var l in layers)
        {
            l.Layer.LoadTriplets(l.A, l.E, l.B, l.Pattern);
        }

        return WithSavedHead(config, model, options);
    }

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var adalora = AdaLoraOptions.From(options, model.Config.Family);
        var config = AdapterFiles.PeftConfig("ADALORA", model, baseModelNameOrPath);
        config["init_r"] = adalora.InitialRank;
        config["target_r"] = adalora.TargetRank;
        config["tinit"] = adalora.WarmupSteps;
        config["tfinal"] = adalora.FinalSteps;
        config["deltaT"] = adalora.Interval;
        config["beta1"] = adalora.Beta1;
        config["beta2"] = adalora.Beta2;
        config["orth_reg_weight"] = adalora.OrthogonalWeight;
        config["total_step"] = adalora.TotalSteps;
        config["lora_alpha"] = adalora.Alpha;
        config["lora_dropout"] = adalora.Dropout;
        config["target_modules"] = new JsonArray(adalora.TargetModules.Select(t => (JsonNode)t).ToArray());
        config["bias"] = "none";
        // GPT-2 stores its projections as Conv1D (in,out); PEFT needs to know to transpose them when merging.
        config["fan_in_fan_out"] = model.Config.Family == ModelFamily.Gpt2;
        var layers = Layers(model);
        // Every allocation covers every layer: either all have a pattern or none has.
        config["rank_pattern"] = layers.Any(l => l.Layer.RankPattern is null)
            ? null
            : new JsonObject(layers.Select(l => KeyValuePair.Create(
                l.Name + ".lora_E",
                (JsonNode?)new JsonArray(l.Layer.SavedPattern()!.Select(k => (JsonNode)k).ToArray()))));
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => new()
    {
        InitialRank = Required<int>(config, "init_r"),
        TargetRank = Required<int>(config, "target_r"),
        Alpha = Required<double>(config, "lora_alpha"),
        Dropout = config["lora_dropout"]?.GetValue<double>() ?? 0,
        TargetModules = config["target_modules"]?.AsArray().Select(t => t!.GetValue<string>()).ToList()
            ?? throw new InvalidDataException($"{AdapterFiles.ConfigFile} has no 'target_modules'."),
        BudgetWarmupSteps = Required<int>(config, "tinit"),
        BudgetFinalSteps = Required<int>(config, "tfinal"),
        BudgetInterval = Required<int>(config, "deltaT"),
        OrthogonalRegularisation = Required<double>(config, "orth_reg_weight"),
        TotalSteps = Required<int>(config, "total_step"),
    };

    /// <summary>PEFT's rank_pattern: the layer's name plus <c>.lora_E</c> → which of its init_r triplets were kept; null when none was pruned.</summary>
    private static Dictionary<string, IReadOnlyList<bool>>? RankPatterns(JsonObject config) =>
        config["rank_pattern"] is JsonObject patterns
            ? patterns.ToDictionary(p => p.Key, p => (IReadOnlyList<bool>)p.Value!.AsArray().Select(k => k!.GetValue<bool>()).ToList())
            : null;

    private static string Key(string layerName, string tensor) => $"{AdapterFiles.PeftKeyPrefix}{layerName}.{tensor}";

    private static List<(string Name, AdaLoraLayer Layer)> Layers(nn.Module model) =>
        model.named_modules()
            .Where(m => m.module is AutocastLinear { Adapter: AdaLoraLayer })
            .Select(m => (m.name, (AdaLoraLayer)((AutocastLinear)m.module).Adapter!))
            .ToList();
}
