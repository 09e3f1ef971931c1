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

    public static readonly RunMethod PromptTuning = new(
        "prompt_tuning",
        "Prompt tuning",
        RunMethodFamily.Additive,
        "Trainable soft-prompt vectors before the input embeddings only, initialised from vocabulary embeddings (Lester et al. 2021).");

    public static readonly RunMethod PrefixTuning = new(
        "prefix_tuning",
        "Prefix tuning",
        RunMethodFamily.Additive,
        "Trainable key/value prefixes in every layer, reparameterised through an MLP while training and kept without it (Li & Liang 2021).");

    public static readonly RunMethod PTuning = new(
        "p_tuning",
        "P-tuning",
        RunMethodFamily.Additive,
        "Virtual-token embeddings produced by a bi-LSTM + MLP prompt encoder, placed before the input or, with a template, partly after it (Liu et al. 2021).");

    public static readonly RunMethod PTuningV2 = new(
        "p_tuning_v2",
        "P-tuning v2",
        RunMethodFamily.Additive,
        "Deep prompts: trainable key/value prefixes in every layer without reparameterisation, also for sequence labelling; the classification head reads the last token or, as in the paper, the first (Liu et al. 2022).");

    public static readonly RunMethod LlamaAdapter = new(
        "llama_adapter",
        "LLaMA-Adapter",
        RunMethodFamily.Additive,
        "Adaption prompts in the top layers, attended through a zero-initialised gate so training starts at the base model (Zhang et al. 2023).");

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

    public static IReadOnlyList<RunMethod> All { get; } =
    [
        Pretrain, HardPrompt, FeatureBased, FinetuningHead, FinetuningFull, BitFit,
        Houlsby, IA3, PromptTuning, PrefixTuning, PTuning, PTuningV2, LlamaAdapter,
        Lora, AdaLora, QLora,
    ];

    public static RunMethod? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    public static bool IsKnown(string? id) => Find(id) is not null;
}
