using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// Virtual tokens in the input embeddings (prompt tuning, P-tuning): the backbone prepends the first
/// <see cref="PromptTemplate.BeforeInput"/>, counts them in positions and the attention mask, and drops their
/// outputs, so heads see only the caller's tokens; the others replace their placeholder ids in the
/// caller's tokens (see <see cref="PromptTemplate"/>).
/// </summary>
public abstract class InputPrompt(string name, int afterInput) : nn.Module(name)
{
    public abstract int Length { get; }

    public PromptTemplate Template => new(Length, afterInput);

    /// <returns>(P,C) the virtual tokens' embeddings.</returns>
    public abstract Tensor Embeddings();
}
