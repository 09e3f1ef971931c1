using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// PyTorch's default initialisation of linear and recurrent layers, U(±1/√fan), drawn again from the run's
/// generator: the layers' constructors draw from the global one, so the seed alone would not decide them.
/// </summary>
public static class SeededInitialisation
{
    /// <param name="fan">The input width of a linear layer (weight and bias); the hidden width of a recurrent one.</param>
    public static void Uniform(nn.Module module, long fan, Generator generator)
    {
        using var _ = no_grad();
        var bound = 1 / Math.Sqrt(fan);
        using var width = (2 * bound).ToScalar();
        using var lowest = bound.ToScalar();
        foreach (var parameter in module.parameters())
        {
            using var values = rand(parameter.shape, generator: generator);
            parameter.copy_(values.mul_(width).sub_(lowest));
        }
    }
}
