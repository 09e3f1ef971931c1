namespace Platform.Training.Engine;

/// <summary>The loss became NaN or infinite: training cannot recover, so the run fails with this reason.</summary>
public sealed class NonFiniteLossException(long step, double loss)
    : Exception($"The training loss became {loss} at step {step}; lower the learning rate or enable gradient clipping.")
{
    public long Step { get; } = step;
}
