namespace Platform.Domain.Runs;

/// <summary>The number format a run's matrix multiplications compute in; weights, optimiser state and gradients stay float32.</summary>
public enum Precision
{
    /// <summary>Everything in float32: the reference, and bit-for-bit reproducible from the seed.</summary>
    Float32,

    /// <summary>
    /// Linear layers compute in bfloat16 from float32 master weights, as PyTorch's autocast does;
    /// softmax, norms and the loss stay float32. Faster where the CPU multiplies bfloat16 natively (AVX-512 BF16, AMX).
    /// </summary>
    BFloat16Mixed,
}
