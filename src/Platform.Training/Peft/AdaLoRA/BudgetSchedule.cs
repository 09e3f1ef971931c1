namespace Platform.Training.Peft.AdaLoRA;

/// <summary>
/// AdaLoRA's total rank budget over a run (PEFT's <c>budget_schedule</c>): the initial budget for the first
/// tinit steps, then a cubic decrease to the target budget at step T − tfinal, which holds to the end.
/// Reallocations happen every deltaT steps while it decreases and at every step of the final phase.
/// </summary>
/// <param name="Initial">Σ init_r over the updated layers.</param>
/// <param name="Target">target_r × the number of updated layers.</param>
public sealed record BudgetSchedule(int Initial, int Target, int WarmupSteps, int FinalSteps, int TotalSteps, int Interval)
{
    public static BudgetSchedule For(AdaLoraOptions options, int layers) => new(
        options.InitialRank * layers,
        options.TargetRank * layers,
        options.WarmupSteps,
        options.FinalSteps,
        options.TotalSteps,
        options.Interval);

    /// <summary>T − tfinal: the step of the final allocation.</summary>
    public int FinalAllocationStep => TotalSteps - FinalSteps;

    /// <summary>The budget after <paramref name="step"/> (from 1), and whether the triplets are reallocated to it then.</summary>
    public (int Budget, bool Reallocates) At(int step)
    {
        if (step <= WarmupSteps)
        {
            return (Initial, false);
        }

        if (step > FinalAllocationStep)
        {
            return (Target, true);
        }

        var remaining = 1 - (double)(step - WarmupSteps) / (FinalAllocationStep - WarmupSteps);
        // Truncated like PEFT's int(), so both give the same budget at every step.
        var budget = (int)((Initial - Target) * Math.Pow(remaining, 3) + Target);
        return (budget, step % Interval == 0 || step == FinalAllocationStep);
    }
}
