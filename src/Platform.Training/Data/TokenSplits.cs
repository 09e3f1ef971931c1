using static TorchSharp.torch;

namespace Platform.Training.Data;

/// <summary>Token ids of a training and a validation split, and the batches a language model trains on.</summary>
public sealed class TokenSplits(long[] train, long[] validation)
{
    public long[] Train { get; } = train;

    public long[] Validation { get; } = validation;

    /// <summary>Random windows of the training split: inputs (B,T) and next-token targets (B,T).</summary>
    public (Tensor Inputs, Tensor Targets) SampleTrainingBatch(int batchSize, int contextLength, Generator generator)
    {
        if (Train.Length <= contextLength)
        {
            throw new InvalidOperationException($"The training split has {Train.Length} tokens, fewer than the context length {contextLength} + 1.");
        }

        var starts = randint(Train.Length - contextLength, [batchSize], generator: generator).data<long>().ToArray();
        return Windows(Train, starts, contextLength);
    }

    /// <summary>Consecutive non-overlapping windows of the validation split, up to <paramref name="maxBatches"/> batches.</summary>
    public IEnumerable<(Tensor Inputs, Tensor Targets)> ValidationBatches(int batchSize, int contextLength, int maxBatches)
    {
        var starts = Enumerable.Range(0, (Validation.Length - 1) / contextLength).Select(i => (long)i * contextLength).ToArray();
        if (starts.Length == 0)
        {
            throw new InvalidOperationException($"The validation split has {Validation.Length} tokens, fewer than the context length {contextLength} + 1.");
        }

        foreach (var chunk in starts.Chunk(batchSize).Take(maxBatches))
        {
            yield return Windows(Validation, chunk, contextLength);
        }
    }

    private static (Tensor Inputs, Tensor Targets) Windows(long[] tokens, long[] starts, int contextLength)
    {
        var inputs = new long[starts.Length * contextLength];
        var targets = new long[starts.Length * contextLength];
        for (var row = 0; row < starts.Length; row++)
        {
            Array.Copy(tokens, starts[row], inputs, row * contextLength, contextLength);
            Array.Copy(tokens, starts[row] + 1, targets, row * contextLength, contextLength);
        }

        return (tensor(inputs, [starts.Length, contextLength]), tensor(targets, [starts.Length, contextLength]));
    }
}
