namespace Platform.Evaluation;

/// <summary>Mean of per-batch losses weighted by each batch's token count, so a short last batch counts only for its tokens.</summary>
public sealed class TokenWeightedMean
{
    private double weightedSum;
    private long tokens;

    public void Add(double batchMean, long batchTokens)
    {
        weightedSum += batchMean * batchTokens;
        tokens += batchTokens;
    }

    public double Value => tokens > 0 ? weightedSum / tokens : throw new InvalidOperationException("No batch was added.");
}
