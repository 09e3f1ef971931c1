using TorchSharp;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>
/// A task's tokenised examples by split, and the batches drawn from them: training batches sampled
/// with the run's generator, evaluation batches in order.
/// </summary>
public sealed class EncodedSplits(IReadOnlyDictionary<string, IReadOnlyList<EncodedExample>> splits, bool targetPerToken)
{
    /// <summary>Ignored by the loss: prompt tokens in SFT, padding, sub-word continuations in tagging.</summary>
    public const long IgnoredTarget = -100;

    private static readonly Scalar Ignored = IgnoredTarget.ToScalar();

    /// <summary>(…) targets -> (…) true where the loss counts the target.</summary>
    public static Tensor IsTrained(Tensor targets) => targets.ne(Ignored);

    public IReadOnlyList<EncodedExample> this[string split] => splits.TryGetValue(split, out var examples) ? examples : [];

    public TaskBatch SampleTrainingBatch(int batchSize, Generator generator)
    {
        var train = this[Domain.Datasets.Formats.SplitSpec.Train];
        if (train.Count == 0)
        {
            throw new InvalidDataException("The dataset version has no training records.");
        }

        var rows = randint(train.Count, [batchSize], generator: generator).data<long>().ToArray();
        return Collate(rows.Select(r => train[(int)r]).ToList());
    }

    public IEnumerable<TaskBatch> Batches(string split, int batchSize, int maxExamples = int.MaxValue)
    {
        var examples = this[split].Take(maxExamples).ToList();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            yield return Collate(examples.Skip(start).Take(batchSize).ToList());
        }
    }

    private TaskBatch Collate(IReadOnlyList<EncodedExample> examples)
    {
        var time = examples.Max(e => e.Tokens.Length);
        var tokens = new long[examples.Count * time];
        var mask = new long[examples.Count * time];
        var targets = targetPerToken ? Enumerable.Repeat(IgnoredTarget, examples.Count * time).ToArray() : new long[examples.Count];
        for (var row = 0; row < examples.Count; row++)
        {
            var example = examples[row];
            Array.Copy(example.Tokens, 0, tokens, row * time, example.Tokens.Length);
            Array.Fill(mask, 1, row * time, example.Tokens.Length);
            if (targetPerToken)
            {
                Array.Copy(example.Targets, 0, targets, row * time, example.Targets.Length);
            }
            else
            {
                targets[row] = example.Targets[0];
            }
        }

        var batch = (long)examples.Count;
        return new TaskBatch(
            tensor(tokens, [batch, time]),
            tensor(mask, [batch, time]),
            targetPerToken ? tensor(targets, [batch, time]) : tensor(targets, [batch]));
    }
}
