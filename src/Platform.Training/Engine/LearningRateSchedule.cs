using Platform.Domain.Runs;

namespace Platform.Training.Engine;

/// <summary>Linear warm-up to the peak rate, then the chosen shape; decaying shapes end at a tenth of the peak (nanoGPT).</summary>
public sealed record LearningRateSchedule(LearningRateScheduleKind Kind, double Peak, int WarmupSteps, int TotalSteps, int CycleSteps = 0)
{
    private const double FloorShare = 0.1;

    public static LearningRateSchedule For(RunConfig config) =>
        new(config.Schedule, config.LearningRate, config.WarmupSteps, config.MaxSteps, config.CycleSteps);

    /// <param name="step">1-based optimiser step.</param>
    public double At(int step)
    {
        if (step <= WarmupSteps)
        {
            return Peak * step / WarmupSteps;
        }

        var afterWarmup = step - WarmupSteps;
        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)afterWarmup / decaySteps);
        var floor = Peak * FloorShare;
        return Kind switch
        {
            LearningRateScheduleKind.Cosine => floor + (0.5 * (1 + Math.Cos(Math.PI * progress)) * (Peak - floor)),
            LearningRateScheduleKind.Linear => Peak - (progress * (Peak - floor)),
            LearningRateScheduleKind.Constant => Peak,
            LearningRateScheduleKind.Cyclic => Triangle(afterWarmup, CycleSteps > 0 ? CycleSteps : Math.Max(2, decaySteps / 4), floor),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown schedule."),
        };
    }

    // Starts each cycle at the peak, falls to the floor at mid-cycle and climbs back.
    private double Triangle(int afterWarmup, int cycle, double floor)
    {
        var phase = (double)(afterWarmup % cycle) / cycle; // [0,1)
        var distanceFromPeak = 1 - Math.Abs(1 - (2 * phase)); // 0 at the cycle's ends, 1 in the middle
        return Peak - (distanceFromPeak * (Peak - floor));
    }
}
