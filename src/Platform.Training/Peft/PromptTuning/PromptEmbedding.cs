using Platform.Training.Models.Extensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PromptTuning;

/// <summary>
/// Virtual tokens that are themselves the parameters (PEFT's <c>PromptEmbedding</c>): prompt tuning trains
/// them, and a P-tuning adapter is loaded into one, its encoder's output taking the place of the encoder.
/// </summary>
public sealed class PromptEmbedding : InputPrompt
{
    private readonly Parameter embedding;

    /// <param name="initial">(P,C) the virtual tokens' starting embeddings; the module takes ownership.</param>
    /// <param name="afterInput">How many of them, the last ones, go after the input (see <see cref="PromptTemplate"/>).</param>
    public PromptEmbedding(Tensor initial, int afterInput) : base(PromptLearningMethod.ModuleName, afterInput)
    {
        embedding = nn.Parameter(initial);
        RegisterComponents();
    }

    public override int Length => (int)embedding.shape[0];

    // (P,C)
    public override Tensor Embeddings() => embedding;
}
