using static TorchSharp.torch;

namespace Platform.Training.Peft.AdaLoRA;

/// <summary>
/// AdaLoRA's regulariser R(P, Q) = ‖PᵀP − I‖_F + ‖QQᵀ − I‖_F, averaged over the matrices as PEFT averages it:
/// it keeps P and Q close to orthonormal, so Λ's entries behave like singular values and pruning one removes
/// one direction instead of a share of every direction.
/// </summary>
public static class Orthogonality
{
    /// <returns>A scalar, zero exactly when every P has orthonormal columns and every Q orthonormal rows.</returns>
    public static Tensor Penalty(IReadOnlyList<AdaLoraLayer> layers)
    {
        using var scope = NewDisposeScope();
        var terms = layers.SelectMany(layer => new[]
        {
            Deviation(layer.RightSingularVectors.matmul(layer.RightSingularVectors.t())), // (r,in)(in,r) -> (r,r)
            Deviation(layer.LeftSingularVectors.t().matmul(layer.LeftSingularVectors)), // (r,out)(out,r) -> (r,r)
        }).ToList();
        return stack(terms).mean().MoveToOuterDisposeScope();
    }

    private static Tensor Deviation(Tensor gram)
    {
        using var identity = eye(gram.shape[0], dtype: gram.dtype, device: gram.device);
        // norm(), not sqrt of the squares: its gradient at an exactly orthonormal P or Q is 0, not NaN.
        return (gram - identity).norm();
    }
}
