namespace Platform.Domain.Experiments;

/// <summary>The metric an experiment optimises and which way is better; runs of the experiment carry it so their best value is known.</summary>
public sealed record Objective(string Metric, OptimisationDirection Direction)
{
    /// <summary>True when <paramref name="candidate"/> is better than <paramref name="incumbent"/> in this direction.</summary>
    public bool IsBetter(double candidate, double incumbent) =>
        Direction == OptimisationDirection.Maximise ? candidate > incumbent : candidate < incumbent;

    /// <summary>
    /// The direction of a metric a run reports without an experiment naming it: losses, perplexities,
    /// errors and costs are minimised, everything else (accuracy, F1, exact match, reward) is maximised.
    /// </summary>
    public static Objective Conventional(string metric) =>
        new(metric, MinimisedWords.Any(w => metric.Contains(w, StringComparison.OrdinalIgnoreCase)) ? OptimisationDirection.Minimise : OptimisationDirection.Maximise);

    private static readonly string[] MinimisedWords = ["loss", "perplexity", "error", "cost", "wer", "cer"];
}
