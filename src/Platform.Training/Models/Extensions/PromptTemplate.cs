using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Models.Extensions;

/// <summary>
/// Where an input prompt's virtual tokens go, P-tuning's template "[P_0..P_b-1] x [P_b..P_P-1] y" (Liu et al.
/// 2021): the first <see cref="BeforeInput"/> before the input, which the backbone prepends, and the last
/// <see cref="AfterInput"/> after it, which a task writes into the token sequence as placeholder ids. Those
/// are negative, so no vocabulary token can be mistaken for one, and travel through batching, padding and
/// generation like any token; the backbone swaps in their embeddings.
/// </summary>
public sealed record PromptTemplate(int VirtualTokens, int AfterInput)
{
    /// <summary>No virtual tokens inside the input: nothing for a task to place.</summary>
    public static readonly PromptTemplate None = new(0, 0);

    public int BeforeInput => VirtualTokens - AfterInput;

    /// <summary>What a task writes after the input: the placeholder ids of virtual tokens b..P-1.</summary>
    public long[] AfterInputIds => Enumerable.Range(BeforeInput, AfterInput).Select(PlaceholderId).ToArray();

    /// <summary>(B,T) token ids -> (B,T) true where a placeholder stands.</summary>
    public static Tensor IsPlaceholder(Tensor tokens) => tokens.lt(Zero);

    /// <summary>(B,T) token ids -> (B,T) the virtual-token row each placeholder names (meaningless elsewhere).</summary>
    public static Tensor Rows(Tensor tokens) => -tokens - One;

    // Virtual token row r is written as −1 − r.
    private static long PlaceholderId(int row) => -1L - row;
}
