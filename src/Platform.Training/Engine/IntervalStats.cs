namespace Platform.Training.Engine;

/// <summary>Loss and throughput since the last logged point.</summary>
internal sealed class IntervalStats(TimeSpan start = default)
{
    private double lossSum;
    private int steps;
    private long tokens;

    public double MeanLoss => lossSum / steps;

    public void Add(double loss, long stepTokens)
    {
        lossSum += loss;
        steps++;
        tokens += stepTokens;
    }

    public double TokensPerSecond(TimeSpan now) => tokens / Math.Max(1e-9, (now - start).TotalSeconds);
}
