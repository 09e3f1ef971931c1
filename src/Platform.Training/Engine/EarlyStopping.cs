namespace Platform.Training.Engine;

/// <summary>Counts evaluations without a lower validation loss; stops after <c>patience</c> of them (0 never stops).</summary>
public sealed class EarlyStopping(int patience, double minimumImprovement = 1e-4)
{
    private int evaluationsWithoutImprovement;

    public double Best { get; private set; } = double.PositiveInfinity;

    /// <returns>Whether training should stop now.</returns>
    public bool Observe(double validationLoss)
    {
        if (validationLoss < Best - minimumImprovement)
        {
            Best = validationLoss;
            evaluationsWithoutImprovement = 0;
            return false;
        }

        evaluationsWithoutImprovement++;
        return patience > 0 && evaluationsWithoutImprovement >= patience;
    }
}
