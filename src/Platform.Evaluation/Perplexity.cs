namespace Platform.Evaluation;

public static class Perplexity
{
    /// <summary>exp of the mean per-token negative log-likelihood (natural log), the standard LM perplexity.</summary>
    public static double FromMeanNegativeLogLikelihood(double meanNll) =>
        double.IsFinite(meanNll) && meanNll >= 0
            ? Math.Exp(meanNll)
            : throw new ArgumentOutOfRangeException(nameof(meanNll), meanNll, "A mean negative log-likelihood is a finite number ≥ 0.");
}
