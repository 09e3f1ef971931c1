using static TorchSharp.torch;

namespace Platform.Training.Peft.QLoRA;

/// <summary>
/// The 4-bit NormalFloat data type of QLoRA (Dettmers et al. 2023): 16 values on [-1, 1] placed at
/// quantiles of N(0, 1), with an exact zero, so that absmax-scaled normally distributed weights fill
/// every code about equally often.
/// </summary>
public static class NormalFloat4
{
    /// <summary>bitsandbytes' NF4 table (<c>get_4bit_type("nf4")</c>), copied verbatim so that code indices mean the same there and here.</summary>
    public static IReadOnlyList<float> Codes { get; } =
    [
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f,
    ];

    // Nearest code = the bucket between consecutive midpoints, so encoding is one bucketize instead
    // of a (values × 16) distance matrix.
    private static readonly float[] Midpoints = Codes.Zip(Codes.Skip(1), (low, high) => (low + high) / 2).ToArray();

    /// <summary>The index (0‥15, uint8) of the nearest code for each value of <paramref name="normalised"/>, which lies in [-1, 1].</summary>
    public static Tensor Encode(Tensor normalised)
    {
        using var boundaries = tensor(Midpoints);
        using var indices = bucketize(normalised, boundaries);
        return indices.to(ScalarType.Byte);
    }

    /// <summary>The code value (float32) of each index.</summary>
    public static Tensor Decode(Tensor indices)
    {
        using var codes = tensor(Codes.ToArray());
        using var flat = indices.flatten().to(ScalarType.Int64);
        using var values = codes.index_select(0, flat);
        return values.view(indices.shape);
    }
}
