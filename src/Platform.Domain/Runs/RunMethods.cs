namespace Platform.Domain.Runs;

/// <summary>Where a method sits in the design documents' taxonomy.</summary>
public enum RunMethodFamily
{
    Pretraining,
    Baseline,
    Selective,
    Additive,
    Reparameterisation,
}

/// <summary>A training method the engine can execute; <see cref="UsesBaseModel"/> methods adapt a registered base model to a dataset version.</summary>
public sealed record RunMethod(string Id, string DisplayName, RunMethodFamily Family, string Description)
{
    public bool UsesBaseModel => Family != RunMethodFamily.Pretraining;

    /// <summary>False for evaluation-only baselines (hard prompts): nothing trains and no adapter is saved.</summary>
    public bool Trains { get; init; } = true;
}

/// <summary>The methods a run may name; a run naming any other method is rejected at queue time.</summary>
public static class RunMethods
{
    public static readonly RunMethod Pretrain = new(
        "pretrain",
        "Pretraining",
        RunMethodFamily.Pretraining,
        "Train every parameter of a character-level transformer from a seeded random initialisation.");

    public static readonly RunMethod Lora = new(
        "lora",
        "LoRA",
        RunMethodFamily.Reparameterisation,
        "W + (α/r)·B·A beside the target linear layers, B = 0 at the start; mergeable into W (Hu et al. 2021).");

    public static readonly RunMethod BitFit = new(
        "bitfit",
        "BitFit",
        RunMethodFamily.Selective,
        "Train only the bias terms and the task head (Ben Zaken et al. 2021).");

    public static readonly RunMethod HardPrompt = new(
        "hard_prompt",
        "In-context (hard prompt)",
        RunMethodFamily.Baseline,
        "Evaluate the frozen base model with a zero- or few-shot prompt template (MethodOptions.Shots examples); nothing trains.")
    {
        Trains = false,
    };

    public static readonly RunMethod FeatureBased = new(
        "feature_based",
        "Feature-based",
        RunMethodFamily.Baseline,
        "Frozen model → last-token hidden state → multinomial logistic regression fitted by L-BFGS (MaxSteps iterations).");

    public static IReadOnlyList<RunMethod> All { get; } = [Pretrain, HardPrompt, FeatureBased, Lora, BitFit];

    public static RunMethod? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    public static bool IsKnown(string? id) => Find(id) is not null;
}
