using Platform.Domain.Runs;
using Platform.Training.Engine;
using Platform.Training.Models.Extensions;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PromptTuning;

/// <summary>
/// Prompt-learning methods whose virtual tokens are prepended to the input embeddings (prompt tuning,
/// P-tuning): an adapter is loaded as plain prompt embeddings, whatever produced them in training.
/// </summary>
public abstract class InputPromptMethod : PromptLearningMethod
{
    protected override ITrainingHook? ChangeForLoading(DecoderWithHead<Tensor> model, MethodOptions options)
    {
        model.Backbone.AttachPrompt(ModuleName, new PromptEmbedding(zeros(options.VirtualTokens, model.Config.EmbeddingSize)));
        return null;
    }

    protected override Tensor PromptEmbeddings(DecoderWithHead<Tensor> model) => model.modules().OfType<InputPrompt>().Single().Embeddings();
}
