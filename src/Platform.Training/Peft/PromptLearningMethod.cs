using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// What PEFT's prompt-learning methods share (prompt tuning, P-tuning, prefix tuning, P-tuning v2): virtual
/// tokens in one module registered as <c>prompt_encoder</c>, which trains. The adapter holds one tensor,
/// <c>prompt_embeddings</c>: the virtual tokens after any reparameterisation, as PEFT's
/// <c>get_peft_model_state_dict</c> writes it, so loading (here and in PEFT's inference mode) needs no encoder.
/// </summary>
public abstract class PromptLearningMethod : PeftMethod
{
    public const string ModuleName = "prompt_encoder";

    /// <summary>PEFT's key of the saved virtual tokens (no <c>base_model.model.</c> prefix).</summary>
    public const string SavedKey = "prompt_embeddings";

    /// <summary>Virtual tokens change every output from the first step on.</summary>
    public override bool StartsAtBaseModel => false;

    protected abstract string PeftType { get; }

    public override bool Trains(string parameterName) => parameterName.Split('.').Contains(ModuleName);

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var problems = new List<string>();
        var context = model.Config.ContextLength;
        if (options.VirtualTokens < 1)
        {
            problems.Add($"{Method.DisplayName} needs at least one virtual token (got {options.VirtualTokens}).");
        }
        else if (options.VirtualTokens >= context)
        {
            problems.Add(
                $"{options.VirtualTokens} virtual tokens leave no room for text: they take positions in the model's context of {context} tokens, so virtual tokens plus text must fit in {context}. Choose fewer than {context} virtual tokens.");
        }

        problems.AddRange(MethodProblems(options));
        return problems;
    }

    /// <summary>(P, width): the virtual tokens as PEFT saves them, after any reparameterisation.</summary>
    protected abstract Tensor PromptEmbeddings(DecoderWithHead<Tensor> model);

    /// <summary>PEFT's token_dim: the width of one virtual token.</summary>
    protected virtual int TokenDim(DecoderConfig config) => config.EmbeddingSize;

    /// <summary>PEFT's num_attention_heads.</summary>
    protected virtual int AttentionHeads(DecoderConfig config) => config.Heads;

    protected virtual IEnumerable<string> MethodProblems(MethodOptions options) => [];

    /// <summary>The method's own fields of adapter_config.json.</summary>
    protected abstract void AddMethodConfig(JsonObject config, DecoderConfig model, MethodOptions options);

    /// <summary>The method's own options from adapter_config.json.</summary>
    protected virtual MethodOptions ReadMethodOptions(JsonObject config) => new();

    public override void Save(string folder, DecoderWithHead<Tensor> model, MethodOptions options, AdapterProvenance provenance)
    {
        // Dropout inside an encoder must not reach the saved tokens: they are what inference will see.
        var training = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var embeddings = PromptEmbeddings(model).detach().contiguous();
            AdapterFiles.Write(folder, AdapterConfig(model, options, provenance.BaseModelNameOrPath(folder)), [(SavedKey, embeddings), .. HeadTensors(model)], provenance);
        }
        finally
        {
            model.train(training);
        }
    }

    protected override string KeyOf(string parameterName) => Trains(parameterName) ? SavedKey : base.KeyOf(parameterName);

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var config = AdapterFiles.PeftConfig(PeftType, model, baseModelNameOrPath);
        config["num_virtual_tokens"] = options.VirtualTokens;
        config["token_dim"] = TokenDim(model.Config);
        config["num_transformer_submodules"] = 1;
        config["num_attention_heads"] = AttentionHeads(model.Config);
        config["num_layers"] = model.Config.Layers;
        AddMethodConfig(config, model.Config, options);
        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) =>
        ReadMethodOptions(config) with { VirtualTokens = Required<int>(config, "num_virtual_tokens") };
}
