namespace Platform.Training.Peft.Lora;

/// <summary>LoRA's options, named as PEFT's <c>LoraConfig</c> names them in adapter_config.json.</summary>
public sealed record LoraOptions
{
    /// <summary>r: the rank of the update B·A.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>The update is scaled by alpha / r, so changing r does not change the effective learning rate.</summary>
    public double Alpha { get; init; } = 16;

    public double Dropout { get; init; }

    /// <summary>Last segments of the linear layers' names that get an update (PEFT's target_modules).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = [];

    public double Scaling => Alpha / Rank;

    /// <summary>The LoRA fields of a run's method options; no target modules means the family's default.</summary>
    public static LoraOptions From(Domain.Runs.MethodOptions options, Models.ModelFamily family) => new()
    {
        Rank = options.Rank,
        Alpha = options.Alpha,
        Dropout = options.Dropout,
        TargetModules = options.TargetModules.Count > 0 ? options.TargetModules : DefaultTargets(family),
    };

    /// <summary>The default targets per family, as PEFT chooses them: GPT-2's fused qkv, Llama's q and v projections.</summary>
    public static IReadOnlyList<string> DefaultTargets(Models.ModelFamily family) =>
        family == Models.ModelFamily.Gpt2 ? ["c_attn"] : ["q_proj", "v_proj"];

    /// <summary>Every problem with these options, for a clear error before any layer changes.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Rank < 1)
        {
            problems.Add($"LoRA rank r must be at least 1 (got {Rank}).");
        }

        problems.AddRange(UpdateProblems("LoRA", Alpha, Dropout, TargetModules));
        return problems;
    }

    /// <summary>The checks every low-rank update's options share (LoRA's, AdaLoRA's), named after <paramref name="method"/>.</summary>
    public static IEnumerable<string> UpdateProblems(string method, double alpha, double dropout, IReadOnlyList<string> targetModules)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
        {
            yield return $"{method} alpha must be a finite number above 0 (got {alpha}).";
        }

        if (!double.IsFinite(dropout) || dropout is < 0 or >= 1)
        {
            yield return $"{method} dropout must be in [0, 1) (got {dropout}).";
        }

        if (targetModules.Count == 0)
        {
            yield return $"{method} needs at least one target module.";
        }
    }
}
