using FluentValidation;

namespace Platform.Domain.Runs;

/// <summary>Ranges that hold for every model; a method checks the rest (e.g. target modules) against the base model before training.</summary>
public sealed class MethodOptionsValidator : AbstractValidator<MethodOptions>
{
    public MethodOptionsValidator()
    {
        RuleFor(o => o.Rank).InclusiveBetween(1, 1024);
        RuleFor(o => o.Alpha).Must(a => double.IsFinite(a) && a > 0).WithMessage("Alpha must be a finite number greater than 0.");
        RuleFor(o => o.Dropout).Must(d => double.IsFinite(d) && d is >= 0 and < 1).WithMessage("Dropout must be in [0, 1).");
        RuleForEach(o => o.TargetModules).NotEmpty();
        RuleFor(o => o.VirtualTokens).InclusiveBetween(1, 512);
        RuleFor(o => o.VirtualTokensAfterInput)
            .GreaterThanOrEqualTo(0)
            .Must((o, after) => after <= o.VirtualTokens)
            .WithMessage(o => $"{o.VirtualTokensAfterInput} virtual tokens after the input exceed the {o.VirtualTokens} virtual tokens of the prompt.");
        RuleFor(o => o.EncoderHiddenSize).InclusiveBetween(1, 8192);
        RuleFor(o => o.BottleneckSize).InclusiveBetween(1, 8192);
        RuleFor(o => o.AdaptionLayers).InclusiveBetween(1, 256);
        RuleFor(o => o.TrainableBlocks).InclusiveBetween(0, 256);
        RuleFor(o => o.InitialRank).InclusiveBetween(1, 1024);
        RuleFor(o => o.TargetRank)
            .InclusiveBetween(1, 1024)
            .Must((o, target) => target <= o.InitialRank)
            .WithMessage("AdaLoRA's target rank cannot exceed its initial rank: the budget only shrinks.");
        RuleFor(o => o.BudgetWarmupSteps).GreaterThanOrEqualTo(0);
        RuleFor(o => o.BudgetFinalSteps).GreaterThanOrEqualTo(0);
        RuleFor(o => o.BudgetInterval).InclusiveBetween(1, 1_000_000);
        RuleFor(o => o.OrthogonalRegularisation).Must(w => double.IsFinite(w) && w >= 0).WithMessage("The orthogonality weight must be a finite number ≥ 0.");
        RuleFor(o => o.TotalSteps).GreaterThanOrEqualTo(0);
        RuleFor(o => o.Pooling).IsInEnum();
        RuleFor(o => o.Shots).InclusiveBetween(0, 64);
    }
}
