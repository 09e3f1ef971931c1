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

    public static readonly RunMethod BitFit = new(
        "bitfit",
        "BitFit",
        RunMethodFamily.Selective,
        "Train only the bias terms and the task head (Ben Zaken et al. 2021).");

    public static readonly RunMethod Houlsby = new(
        "houlsby",
        "Adapters (Houlsby)",
        RunMethodFamily.Additive,
        "A bottleneck (down-project, GELU, up-project) with a skip connection after the attention and the feed-forward block of every layer, up-projection zero at the start (Houlsby et al. 2019).");

    public static readonly RunMethod IA3 = new(
        "ia3",
        "(IA)³",
        RunMethodFamily.Additive,
        "Learned per-channel scaling of keys, values and feed-forward activations, ones at the start (Liu et al. 2022).");

    public static readonly RunMethod QLora = new(
        "qlora",
        "QLoRA",
        RunMethodFamily.Reparameterisation,
        "LoRA on a base whose linear weights are frozen in 4-bit NormalFloat (blocks of 64, double-quantised scales) and dequantised on the fly (Dettmers et al. 2023).");

    public static readonly RunMethod FinetuningHead = new(
        "finetuning_head",
        "Finetuning I (head)",
        RunMethodFamily.Baseline,
        "Freeze the base model and train its head, optionally with the top k blocks (the output-layer baseline).");

    public static readonly RunMethod FinetuningFull = new(
        "finetuning_full",
        "Finetuning II (full)",
        RunMethodFamily.Baseline,
        "Train every parameter of the base model (the full fine-tuning baseline).");

    public static IReadOnlyList<RunMethod> All { get; } = [Pretrain, Lora, BitFit, Houlsby, IA3, QLora, FinetuningHead, FinetuningFull];

    public static RunMethod? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    public static bool IsKnown(string? id) => Find(id) is not null;
}
