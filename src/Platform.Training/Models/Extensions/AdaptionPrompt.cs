using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// LLaMA-Adapter's extra attention in one layer: the queries also attend, in a separate softmax, to
/// learned prompt tokens projected by the layer's own key and value projections; the result is added
/// to the attention output before the output projection.
/// </summary>
public abstract class AdaptionPrompt(string name) : nn.Module(name)
{
    /// <param name="queries">(B,nh,T,hs)</param>
    /// <param name="project">The layer's key and value projections: (L,C) prompt tokens → (nh,L,hs) keys and values.</param>
    /// <returns>(B,nh,T,hs), added to the layer's attention output.</returns>
    public abstract Tensor forward(Tensor queries, Func<Tensor, (Tensor Keys, Tensor Values)> project);
}

/// <summary>An attention layer that can take an <see cref="AdaptionPrompt"/>.</summary>
public interface IAdaptableAttention
{
    /// <summary>0 for the layer nearest the input.</summary>
    int Layer { get; }

    void AttachAdaption(string name, AdaptionPrompt adaption);
}
