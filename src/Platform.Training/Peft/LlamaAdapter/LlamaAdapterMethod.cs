using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.LlamaAdapter;

/// <summary>
/// LLaMA-Adapter (Zhang et al. 2023): L learnable adaption prompts in each of the top layers only (the
/// lower layers carry general features the paper leaves alone), attended through a zero-initialised gate
/// (<see cref="GatedAdaptionPrompt"/>), so the output at step 0 is the base model's. The adapter is PEFT's
/// <c>ADAPTION_PROMPT</c>: keys <c>base_model.model.model.layers.N.self_attn.adaption_prompt</c> (1,L,C) and
/// <c>….adaption_gate</c> (1). PEFT's adaption prompt supports Llama and Mistral only: GPT-2 uses the same
/// keys on <c>transformer.h.N.attn</c> under the platform's own <c>peft_type</c>, which PEFT refuses by name.
/// </summary>
public sealed class LlamaAdapterMethod : PeftMethod
{
    private const string Prefix = "adaption_";

    private const string ModuleName = "adaption";

    private const string PeftType = "ADAPTION_PROMPT";

    /// <summary>Not a PEFT type: PEFT has no adaption prompt for GPT-2 (its placement follows Llama's modules).</summary>
    public const string Gpt2Type = "PLATFORM_ADAPTION_PROMPT_GPT2";

    private const string Gpt2Note =
        "PEFT's ADAPTION_PROMPT supports Llama and Mistral only, so this GPT-2 LLaMA-Adapter loads in the platform, not in PEFT.";

    public override RunMethod Method => RunMethods.LlamaAdapter;

    public override bool StartsAtBaseModel => true;

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var problems = new List<string>();
        if (options.VirtualTokens < 1)
        {
            problems.Add($"LLaMA-Adapter needs at least one adaption prompt token per layer (got {options.VirtualTokens}).");
        }

        var layers = Attentions(model).Count;
        if (options.AdaptionLayers < 1 || options.AdaptionLayers > layers)
        {
            problems.Add($"LLaMA-Adapter's adaption layers must be between 1 and the model's {layers} layers (got {options.AdaptionLayers}).");
        }

        return problems;
    }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        foreach (var attention in Attentions(model).TakeLast(options.AdaptionLayers))
        {
            attention.AttachAdaption(ModuleName, new GatedAdaptionPrompt(options.VirtualTokens, model.Config.EmbeddingSize, generator));
        }

        return null;
    }

    public override bool Trains(string parameterName) => TrainableParameters.IsAdapterParameter(parameterName, Prefix);

    protected override string? LayerModuleName => ModuleName;

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var gpt2 = model.Config.Family == ModelFamily.Gpt2;
        var config = AdapterFiles.PeftConfig(gpt2 ? Gpt2Type : PeftType, model, baseModelNameOrPath);
        if (gpt2)
        {
            config["platform_note"] = Gpt2Note;
        }

        config["target_modules"] = gpt2 ? "attn" : "self_attn";
        config["adapter_len"] = options.VirtualTokens;
        config["adapter_layers"] = options.AdaptionLayers;
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => new()
    {
        VirtualTokens = Required<int>(config, "adapter_len"),
        AdaptionLayers = Required<int>(config, "adapter_layers"),
    };

    private static List<IAdaptableAttention> Attentions(nn.Module model) =>
        model.modules().OfType<IAdaptableAttention>().OrderBy(a => a.Layer).ToList();
}
