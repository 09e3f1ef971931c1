using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PromptTuning;

/// <summary>
/// Prompt tuning (Lester et al. 2021): k trainable vectors before the input embeddings, nowhere else. They
/// start as the embeddings of k vocabulary tokens drawn by the run's generator, which the paper found far
/// better than random vectors: as PEFT's <c>prompt_tuning_init="SAMPLE_VOCAB"</c>. The adapter is PEFT's:
/// <c>PromptTuningConfig</c> fields and <c>prompt_embeddings</c> (P,C).
/// </summary>
public sealed class PromptTuningMethod : InputPromptMethod
{
    public override RunMethod Method => RunMethods.PromptTuning;

    protected override string PeftType => "PROMPT_TUNING";

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        var vocabulary = model.Backbone.TokenEmbedding; // (V,C)
        using var tokens = randint(vocabulary.shape[0], [options.VirtualTokens], generator: generator);
        using (no_grad())
        {
            model.Backbone.AttachPrompt(ModuleName, new PromptEmbedding(vocabulary.index_select(0, tokens).detach().clone(), options.VirtualTokensAfterInput));
        }

        return null;
    }

    protected override void AddMethodConfig(JsonObject config, DecoderConfig model, MethodOptions options) =>
        config["prompt_tuning_init"] = "SAMPLE_VOCAB";
}
