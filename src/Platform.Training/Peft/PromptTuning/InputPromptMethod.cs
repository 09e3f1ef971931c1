using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PromptTuning;

/// <summary>
/// Prompt-learning methods whose virtual tokens are input embeddings (prompt tuning, P-tuning): before the
/// input, or some of them after it (P-tuning's template); an adapter is loaded as plain prompt embeddings,
/// whatever produced them in training. PEFT has no template: its config gets
/// <c>num_virtual_tokens_after_input</c> only when some go after the input (PEFT ignores the field, with a
/// warning, and prepends them all).
/// </summary>
public abstract class InputPromptMethod : PromptLearningMethod
{
    private const string AfterInputField = "num_virtual_tokens_after_input";

    public override PromptTemplate Template(MethodOptions options) => new(options.VirtualTokens, options.VirtualTokensAfterInput);

    public override IReadOnlyList<string> Problems(MethodOptions options, DecoderWithHead<Tensor> model)
    {
        var problems = base.Problems(options, model).ToList();
        if (options.VirtualTokensAfterInput < 0 || options.VirtualTokensAfterInput > options.VirtualTokens)
        {
            problems.Add($"{options.VirtualTokensAfterInput} virtual tokens after the input do not fit a prompt of {options.VirtualTokens}: choose 0 to {options.VirtualTokens}.");
        }

        return problems;
    }

    protected override ITrainingHook? ChangeForLoading(DecoderWithHead<Tensor> model, MethodOptions options)
    {
        model.Backbone.AttachPrompt(ModuleName, new PromptEmbedding(zeros(options.VirtualTokens, model.Config.EmbeddingSize), options.VirtualTokensAfterInput));
        return null;
    }

    protected override Tensor PromptEmbeddings(DecoderWithHead<Tensor> model) => model.modules().OfType<InputPrompt>().Single().Embeddings();

    protected override JsonObject AdapterConfig(DecoderWithHead<Tensor> model, MethodOptions options, string baseModelNameOrPath)
    {
        var config = base.AdapterConfig(model, options, baseModelNameOrPath);
        if (options.VirtualTokensAfterInput > 0)
        {
            config[AfterInputField] = options.VirtualTokensAfterInput;
        }

        return config;
    }

    protected override MethodOptions ReadOptions(JsonObject config) =>
        base.ReadOptions(config) with { VirtualTokensAfterInput = config[AfterInputField]?.GetValue<int>() ?? 0 };
}
