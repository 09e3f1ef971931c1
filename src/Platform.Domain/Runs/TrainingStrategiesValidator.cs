using FluentValidation;

namespace Platform.Domain.Runs;

public sealed class TrainingStrategiesValidator : AbstractValidator<TrainingStrategies>
{
    public TrainingStrategiesValidator()
    {
        RuleFor(s => s.UnfreezeEverySteps).GreaterThanOrEqualTo(0);
        RuleFor(s => s.DistillationWeight).Must(w => double.IsFinite(w) && w >= 0).WithMessage("The distillation weight must be a finite number ≥ 0.");
        RuleFor(s => s.DistillationTemperature).Must(t => double.IsFinite(t) && t > 0).WithMessage("The distillation temperature must be a finite number above 0.");
        RuleFor(s => s.L2SpWeight).Must(w => double.IsFinite(w) && w >= 0).WithMessage("The L2-SP weight must be a finite number ≥ 0.");
        RuleFor(s => s.PretrainingMixShare).Must(s => double.IsFinite(s) && s is >= 0 and < 1).WithMessage("The pretraining mix share must be in [0, 1).");
    }
}
