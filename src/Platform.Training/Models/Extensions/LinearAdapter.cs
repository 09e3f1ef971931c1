using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// A method's change to one linear layer, which it wraps: LoRA adds B·A·x beside it, IA3 scales its
/// output or input, a Houlsby adapter transforms its output. Attached with <see cref="AutocastLinear.AttachAdapter"/>.
/// </summary>
public abstract class LinearAdapter(string name) : nn.Module(name)
{
    /// <param name="x">(…,in)</param>
    /// <param name="frozen">The wrapped layer's own projection with its frozen weights.</param>
    /// <returns>(…,out)</returns>
    public abstract Tensor forward(Tensor x, Func<Tensor, Tensor> frozen);
}
