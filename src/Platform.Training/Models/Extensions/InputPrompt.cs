using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// Virtual tokens placed before the input embeddings (prompt tuning, P-tuning): the backbone prepends
/// them, counts them in positions and the attention mask, and drops their outputs, so heads see only
/// the real tokens.
/// </summary>
public abstract class InputPrompt(string name) : nn.Module(name)
{
    public abstract int Length { get; }

    /// <returns>(P,C) the virtual tokens' embeddings.</returns>
    public abstract Tensor Embeddings();
}
