using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft.PromptTuning;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PTuning;

/// <summary>
/// P-tuning (Liu et al. 2021): virtual-token embeddings produced by a prompt encoder (bi-LSTM + MLP,
/// <see cref="PromptEncoder"/>). The paper places them at a template's positions among the input tokens, e.g.
/// "[P P P] x [P P P] y"; PEFT prepends them all. Both are here: by default all go before the input, as in
/// PEFT; <see cref="MethodOptions.VirtualTokensAfterInput"/> sends the last ones after it (see
/// <see cref="Models.Extensions.PromptTemplate"/>). The adapter is PEFT's: <c>PromptEncoderConfig</c> fields
/// and the encoder's output as <c>prompt_embeddings</c> (P,C); loading restores those prompts without the encoder.
/// </summary>
public sealed class PTuningMethod : InputPromptMethod
{
    public override RunMethod Method => RunMethods.PTuning;

    protected override string PeftType => "P_TUNING";

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        model.Backbone.AttachPrompt(ModuleName, new PromptEncoder(options.VirtualTokens, options.VirtualTokensAfterInput, model.Config.EmbeddingSize, options.EncoderHiddenSize, options.Dropout, generator));
        return null;
    }

    protected override IEnumerable<string> MethodProblems(MethodOptions options)
    {
        if (options.EncoderHiddenSize < 1)
        {
            yield return $"The prompt encoder needs a hidden size of at least 1 (got {options.EncoderHiddenSize}).";
        }

        if (!double.IsFinite(options.Dropout) || options.Dropout is < 0 or >= 1)
        {
            yield return $"The prompt encoder's dropout must be in [0, 1) (got {options.Dropout}).";
        }
    }

    protected override void AddMethodConfig(JsonObject config, DecoderConfig model, MethodOptions options)
    {
        config["encoder_reparameterization_type"] = "LSTM";
        config["encoder_hidden_size"] = options.EncoderHiddenSize;
        config["encoder_num_layers"] = PromptEncoder.LstmLayers;
        config["encoder_dropout"] = options.Dropout;
    }

    protected override MethodOptions ReadMethodOptions(JsonObject config) => new()
    {
        EncoderHiddenSize = Required<int>(config, "encoder_hidden_size"),
        Dropout = config["encoder_dropout"]?.GetValue<double>() ?? 0,
    };
}
