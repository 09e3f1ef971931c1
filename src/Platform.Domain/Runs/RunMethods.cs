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

    public static readonly RunMethod AdaLora = new(
        "adalora",
        "AdaLoRA",
        RunMethodFamily.Reparameterisation,
        "W + P·Λ·Q in SVD form beside the target linear layers, Λ = 0 at the start; the rank budget shrinks to a target, kept where the triplets matter most (Zhang et al. 2023).");

    public static readonly RunMethod BitFit = new(
        "bitfit",
        "BitFit",
        RunMethodFamily.Selective,
        "Train only the bias terms and the task head (Ben Zaken et al. 2021).");

    public static IReadOnlyList<RunMethod> All { get; } = [Pretrain, Lora, AdaLora, BitFit];

    public static RunMethod? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    public static bool IsKnown(string? id) => Find(id) is not null;
}
