namespace Platform.Training.Engine;

/// <summary>Linear warm-up to the peak rate, then cosine decay to a tenth of it at the last step (nanoGPT).</summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps)
{
    private const double FloorShare = 0.1;

    /// <param name="step">1-based optimiser step.</param>
    public double At(int step)
    {
        if (step <= WarmupSteps)
        {
            return Peak * step / WarmupSteps;
        }

        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / decaySteps);
        var floor = Peak * FloorShare;
        return floor + (0.5 * (1 + Math.Cos(Math.PI * progress)) * (Peak - floor));
    }
}
