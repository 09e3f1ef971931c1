namespace Platform.Domain.Runs;

/// <summary>
/// The hyperparameters of fine-tuning methods, stored with the run; each method reads the ones it
/// names (PEFT's config field in brackets) and validates them before any layer changes.
/// </summary>
public sealed record MethodOptions
{
    /// <summary>LoRA, QLoRA: the rank r of B·A [r].</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA, QLoRA, AdaLoRA: updates are scaled by alpha / r [lora_alpha].</summary>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout on the method's own path (LoRA's input, adapters' bottleneck) [lora_dropout].</summary>
    public double Dropout { get; init; }

    /// <summary>Last segments of the linear layers' names a method changes; empty takes the method's default for the family [target_modules].</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = [];

    /// <summary>Prompt tuning, prefix tuning, P-tuning, LLaMA-Adapter: virtual tokens per prompt or layer [num_virtual_tokens, adapter_len].</summary>
    public int VirtualTokens { get; init; } = 10;

    /// <summary>
    /// Prompt tuning, P-tuning: of the virtual tokens, this many go after the input (before the label is read or
    /// the response starts) and the rest before it, P-tuning's template "[P..] x [P..] y"; they count in the
    /// run's context length. 0 puts all before the input, as PEFT does.
    /// </summary>
    public int VirtualTokensAfterInput { get; init; }

    /// <summary>Prefix tuning's reparameterisation MLP and P-tuning v1's encoder: hidden width [encoder_hidden_size].</summary>
    public int EncoderHiddenSize { get; init; } = 128;

    /// <summary>Houlsby adapters: the bottleneck width.</summary>
    public int BottleneckSize { get; init; } = 16;

    /// <summary>LLaMA-Adapter: adaption prompts in this many top layers [adapter_layers].</summary>
    public int AdaptionLayers { get; init; } = 2;

    /// <summary>Finetuning I: also train this many top blocks besides the head.</summary>
    public int TrainableBlocks { get; init; }

    /// <summary>AdaLoRA: the rank each update starts with [init_r].</summary>
    public int InitialRank { get; init; } = 12;

    /// <summary>AdaLoRA: the average rank per update the budget ends at [target_r].</summary>
    public int TargetRank { get; init; } = 8;

    /// <summary>AdaLoRA: steps at full budget before pruning starts [tinit].</summary>
    public int BudgetWarmupSteps { get; init; }

    /// <summary>AdaLoRA: final steps at the target budget [tfinal].</summary>
    public int BudgetFinalSteps { get; init; }

    /// <summary>AdaLoRA: steps between rank reallocations [deltaT].</summary>
    public int BudgetInterval { get; init; } = 10;

    /// <summary>AdaLoRA: weight of the orthogonality penalty on P and Q [orth_reg_weight].</summary>
    public double OrthogonalRegularisation { get; init; } = 0.5;

    /// <summary>
    /// AdaLoRA: the optimiser steps its budget schedule spans [total_step]. The engine sets it to the run's
    /// step count before applying the method (0 until then): the method sees only these options, and PEFT
    /// stores the value in the adapter's config.
    /// </summary>
    public int TotalSteps { get; init; }

    /// <summary>Sequence classification with any method: the hidden states the head reads (P-tuning v2's paper: the first token).</summary>
    public SequencePooling Pooling { get; init; }

    /// <summary>Hard-prompt evaluation: labelled examples shown before each query (0 = zero-shot).</summary>
    public int Shots { get; init; }

    /// <summary>Options with the same values are equal, target modules compared by content (a record compares lists by reference).</summary>
    public bool Equals(MethodOptions? other) =>
        other is not null && Values.Equals(other.Values) && TargetModules.SequenceEqual(other.TargetModules);

    public override int GetHashCode() => HashCode.Combine(Values, TargetModules.Count);

    // Every property but TargetModules: a property added to the record must be added here too.
    private object Values => (Rank, Alpha, Dropout, VirtualTokens, VirtualTokensAfterInput, EncoderHiddenSize, BottleneckSize, AdaptionLayers, TrainableBlocks, InitialRank, TargetRank, BudgetWarmupSteps, BudgetFinalSteps, BudgetInterval, OrthogonalRegularisation, TotalSteps, Pooling, Shots);
}
