namespace Platform.Evaluation.Tasks;

/// <summary>Accuracy and macro-averaged F1 of predicted class indices against the true ones.</summary>
public static class ClassificationMetrics
{
    public static double Accuracy(IReadOnlyList<long> predicted, IReadOnlyList<long> actual)
    {
        Require(predicted, actual);
        return predicted.Zip(actual).Count(p => p.First == p.Second) / (double)actual.Count;
    }

    /// <summary>
    /// The unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN), over the classes that occur among
    /// the actual or predicted labels (as scikit-learn's <c>f1_score(average="macro")</c>); a class
    /// never predicted correctly counts 0.
    /// </summary>
    public static double MacroF1(IReadOnlyList<long> predicted, IReadOnlyList<long> actual)
    {
        Require(predicted, actual);
        var classes = predicted.Concat(actual).Distinct();
        return classes.Average(c =>
        {
            var pairs = predicted.Zip(actual).ToList();
            var truePositives = pairs.Count(p => p.First == c && p.Second == c);
            var falsePositives = pairs.Count(p => p.First == c && p.Second != c);
            var falseNegatives = pairs.Count(p => p.First != c && p.Second == c);
            return 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
        });
    }

    private static void Require(IReadOnlyList<long> predicted, IReadOnlyList<long> actual)
    {
        if (predicted.Count != actual.Count || actual.Count == 0)
        {
            throw new ArgumentException($"Need as many predictions as labels, at least one (got {predicted.Count} and {actual.Count}).");
        }
    }
}
