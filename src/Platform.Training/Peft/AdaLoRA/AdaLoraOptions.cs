using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft.Lora;

namespace Platform.Training.Peft.AdaLoRA;

/// <summary>AdaLoRA's options, named as PEFT's <c>AdaLoraConfig</c> names them in adapter_config.json.</summary>
public sealed record AdaLoraOptions
{
    /// <summary>PEFT's default smoothing of the sensitivity and of its uncertainty, which the paper also uses.</summary>
    public const double DefaultBeta = 0.85;

    /// <summary>init_r: every update starts with this many triplets.</summary>
    public int InitialRank { get; init; } = 12;

    /// <summary>target_r: the average number of triplets per update once the budget has shrunk.</summary>
    public int TargetRank { get; init; } = 8;

    /// <summary>lora_alpha: updates are scaled by alpha / init_r (PEFT's ranknum), whatever rank is left.</summary>
    public double Alpha { get; init; } = 16;

    public double Dropout { get; init; }

    public IReadOnlyList<string> TargetModules { get; init; } = [];

    /// <summary>tinit: steps at the full budget before pruning starts.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>tfinal: last steps at the final allocation, which no longer changes.</summary>
    public int FinalSteps { get; init; }

    /// <summary>deltaT: steps between reallocations.</summary>
    public int Interval { get; init; } = 1;

    /// <summary>beta1: EMA of the sensitivity |w·∂L/∂w|.</summary>
    public double Beta1 { get; init; } = DefaultBeta;

    /// <summary>beta2: EMA of the sensitivity's deviation from its average (the uncertainty).</summary>
    public double Beta2 { get; init; } = DefaultBeta;

    /// <summary>orth_reg_weight: weight of the penalty that keeps P and Q near orthonormal; 0 turns it off.</summary>
    public double OrthogonalWeight { get; init; } = 0.5;

    /// <summary>total_step: the run's optimiser steps, which the budget schedule spans.</summary>
    public int TotalSteps { get; init; }

    /// <summary>The AdaLoRA fields of a run's method options; no target modules means PEFT's default for the family (LoRA's).</summary>
    public static AdaLoraOptions From(MethodOptions options, ModelFamily family) => new()
    {
        InitialRank = options.InitialRank,
        TargetRank = options.TargetRank,
        Alpha = options.Alpha,
        Dropout = options.Dropout,
        TargetModules = options.TargetModules.Count > 0 ? options.TargetModules : LoraOptions.DefaultTargets(family),
        WarmupSteps = options.BudgetWarmupSteps,
        FinalSteps = options.BudgetFinalSteps,
        Interval = options.BudgetInterval,
        OrthogonalWeight = options.OrthogonalRegularisation,
        TotalSteps = options.TotalSteps,
    };

    /// <summary>Every problem with these options, for a clear error before any layer changes.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (InitialRank < 1)
        {
            problems.Add($"AdaLoRA's initial rank init_r must be at least 1 (got {InitialRank}).");
        }

        if (TargetRank < 1 || TargetRank > InitialRank)
        {
            problems.Add($"AdaLoRA's target rank target_r must be between 1 and the initial rank {InitialRank}: the budget only shrinks (got {TargetRank}).");
        }

        problems.AddRange(LoraOptions.UpdateProblems("AdaLoRA", Alpha, Dropout, TargetModules));

        if (Interval < 1)
        {
            problems.Add($"AdaLoRA's reallocation interval deltaT must be at least 1 step (got {Interval}).");
        }

        if (Beta1 is <= 0 or >= 1 || Beta2 is <= 0 or >= 1)
        {
            problems.Add($"AdaLoRA's beta1 and beta2 must be in (0, 1) (got {Beta1} and {Beta2}).");
        }

        if (!double.IsFinite(OrthogonalWeight) || OrthogonalWeight < 0)
        {
            problems.Add($"AdaLoRA's orthogonality weight must be a finite number ≥ 0 (got {OrthogonalWeight}).");
        }

        if (TotalSteps < 1)
        {
            problems.Add("AdaLoRA needs the run's total step count (TotalSteps, PEFT's total_step): its budget schedule spans the run.");
        }
        else if (WarmupSteps < 0 || FinalSteps < 0 || WarmupSteps >= TotalSteps - FinalSteps)
        {
            problems.Add(
                $"AdaLoRA's schedule leaves no budgeting phase: warm-up tinit ({WarmupSteps}) must be ≥ 0 and end before the final phase tfinal ({FinalSteps}) starts at step {TotalSteps - FinalSteps} of {TotalSteps}.");
        }

        return problems;
    }
}
