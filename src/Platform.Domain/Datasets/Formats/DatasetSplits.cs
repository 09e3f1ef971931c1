namespace Platform.Domain.Datasets.Formats;

/// <summary>Assigns records to splits; the same spec and count always give the same assignment, so it is never stored.</summary>
public static class DatasetSplits
{
    /// <summary>The split of each record, in record order.</summary>
    public static IReadOnlyList<string> Assign(int count, SplitSpec spec)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(spec.Seed).Shuffle(order);
        var validation = (int)Math.Round(count * spec.ValidationFraction);
        var test = (int)Math.Round(count * spec.TestFraction);
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[order[i]] = i < validation ? SplitSpec.Validation : i < validation + test ? SplitSpec.Test : SplitSpec.Train;
        }

        return names;
    }

    /// <summary>The split sizes in the fixed order train, validation, test.</summary>
    public static IReadOnlyList<DatasetSplit> Summarise(IReadOnlyList<string> assignment, int? seed) =>
        SplitSpec.Names.Select(name => new DatasetSplit(name, seed, assignment.Count(a => a == name))).ToList();
}
