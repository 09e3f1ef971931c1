namespace Platform.Domain.Runs;

/// <summary>Strategies usable with any fine-tuning method; zero switches each off.</summary>
public sealed record TrainingStrategies
{
    /// <summary>Gradual unfreezing: every this many steps one more block, from the top, starts training.</summary>
    public int UnfreezeEverySteps { get; init; }

    /// <summary>Knowledge distillation from the frozen base model: weight of the KL term on the logits.</summary>
    public double DistillationWeight { get; init; }

    /// <summary>Distillation temperature: both distributions are softened by it.</summary>
    public double DistillationTemperature { get; init; } = 2;

    /// <summary>L2-SP: weight of ‖θ − θ₀‖² toward the pretrained weights of the trained base parameters.</summary>
    public double L2SpWeight { get; init; }

    /// <summary>Share of every batch's sequences drawn from pretraining text (language-modelling tasks), against forgetting.</summary>
    public double PretrainingMixShare { get; init; }
}
