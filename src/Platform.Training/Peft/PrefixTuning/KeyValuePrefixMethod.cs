using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PrefixTuning;

/// <summary>
/// Prefix tuning and P-tuning v2, which PEFT implements as one method (<c>PREFIX_TUNING</c>) and tells apart by
/// <c>prefix_projection</c>: trainable keys and values before every layer's own, in the key/value cache as
/// past tokens. Under grouped-query attention they have the key/value heads' width, as PEFT sizes them
/// (token_dim = nkv·hs, num_attention_heads = nkv). Loading attaches the saved prefixes directly.
/// </summary>
public abstract class KeyValuePrefixMethod : PromptLearningMethod
{
    protected override string PeftType => "PREFIX_TUNING";

    /// <summary>Whether the prefixes train through an MLP (prefix tuning) or directly (P-tuning v2).</summary>
    protected abstract bool Projection { get; }

    protected override ITrainingHook? Change(DecoderWithHead<Tensor> model, MethodOptions options, Generator generator)
    {
        var config = model.Config;
        model.Backbone.AttachPrefix(ModuleName, Projection
            ? PrefixEncoder.Reparameterised(config, options.VirtualTokens, options.EncoderHiddenSize, generator)
            : PrefixEncoder.Direct(config, randn(options.VirtualTokens, Width(config), generator: generator)));
        return null;
    }

    protected override ITrainingHook? ChangeForLoading(DecoderWithHead<Tensor> model, MethodOptions options)
    {
        model.Backbone.AttachPrefix(ModuleName, PrefixEncoder.Direct(model.Config, zeros(options.VirtualTokens, Width(model.Config))));
        return null;
    }

    protected override Tensor PromptEmbeddings(DecoderWithHead<Tensor> model) => model.modules().OfType<PrefixEncoder>().Single().PastKeyValues();

    protected override int TokenDim(DecoderConfig config) => PrefixEncoder.TokenDim(config);

    protected override int AttentionHeads(DecoderConfig config) => config.KvHeads;

    protected override IEnumerable<string> MethodProblems(MethodOptions options) =>
        Projection && options.EncoderHiddenSize < 1 ? [$"The prefix MLP needs a hidden size of at least 1 (got {options.EncoderHiddenSize})."] : [];

    protected override void AddMethodConfig(JsonObject config, DecoderConfig model, MethodOptions options)
    {
        // Without the MLP PEFT fills encoder_hidden_size with token_dim.
        config["encoder_hidden_size"] = Projection ? options.EncoderHiddenSize : TokenDim(model);
        config["prefix_projection"] = Projection;
    }

    protected override MethodOptions ReadMethodOptions(JsonObject config) =>
        Projection ? new MethodOptions { EncoderHiddenSize = Required<int>(config, "encoder_hidden_size") } : new MethodOptions();

    // (P, layers·2·nkv·hs)
    private static int Width(DecoderConfig config) => config.Layers * 2 * PrefixEncoder.TokenDim(config);
}
