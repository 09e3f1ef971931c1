using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Finetuning;

/// <summary>
/// Finetuning I: the base stays frozen except its head (the task head, or the language-model head when it is
/// not tied to the input embedding) and, with <see cref="MethodOptions.TrainableBlocks"/> = k &gt; 0, the top k
/// blocks and the final norm after them. The adapter holds exactly those tensors (peft_type FINETUNING_HEAD).
/// </summary>
public sealed class FinetuningHeadMethod : FinetuningMethod
{
    public override RunMethod Method => RunMethods.FinetuningHead;

    protected override string PeftType => "FINETUNING_HEAD";

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var layers = model.Config.Layers;
        if (options.TrainableBlocks < 0 || options.TrainableBlocks > layers)
        {
            return [$"Finetuning I trains the top k of the model's {layers} blocks: k must be between 0 and {layers} (got {options.TrainableBlocks})."];
        }

        return options.TrainableBlocks == 0 && !model.named_parameters().Any(p => IsHead(p.name))
            ? ["Finetuning I with no trainable blocks would train nothing: this model's output head is its input embedding (tied), which stays frozen. Train at least one top block, or choose another method."]
            : [];
    }

    /// <summary>Without options: the head alone (k = 0).</summary>
    public override bool Trains(string parameterName) => IsHead(parameterName);

    public override bool Trains(string parameterName, MethodOptions options, DecoderConfig config) =>
        IsHead(parameterName) || (options.TrainableBlocks > 0 && InTopBlocks(parameterName, options.TrainableBlocks, config));

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var config = base.AdapterConfig(model, options, baseModelNameOrPath);
        config["trainable_blocks"] = options.TrainableBlocks;
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) => new() { TrainableBlocks = Required<int>(config, "trainable_blocks") };

    // Outside every family's backbone: the task head, the untied lm_head, a value head.
    private static bool IsHead(string parameterName) =>
        !Enum.GetValues<ModelFamily>().Any(f => parameterName.StartsWith(DecoderWithHead<Tensor>.BackboneName(f) + ".", StringComparison.Ordinal));

    // Hugging Face's names of the block list and the final norm: transformer.h.i / transformer.ln_f, model.layers.i / model.norm.
    private static bool InTopBlocks(string parameterName, int blocks, DecoderConfig config)
    {
        var backbone = DecoderWithHead<Tensor>.BackboneName(config.Family) + ".";
        var (list, norm) = config.Family == ModelFamily.Gpt2 ? ("h", "ln_f") : ("layers", "norm");
        if (parameterName.StartsWith(backbone + norm + ".", StringComparison.Ordinal))
        {
            return true;
        }

        var segments = parameterName.Split('.');
        return parameterName.StartsWith(backbone + list + ".", StringComparison.Ordinal)
            && int.TryParse(segments[2], out var block) && block >= config.Layers - blocks;
    }
}
