namespace Platform.Evaluation.Preferences;

/// <summary>
/// Bradley–Terry strengths (P(i beats j) = p_i / (p_i + p_j)) fitted by the MM algorithm of Hunter (2004),
/// "MM algorithms for generalized Bradley–Terry models", eq. (3): p_i ← W_i / Σ_j n_ij / (p_i + p_j).
/// </summary>
public static class BradleyTerry
{
    private const int MaxIterations = 10_000;
    private const double Tolerance = 1e-10;

    /// <summary>
    /// Fits strengths normalised to geometric mean 1 (log-strengths sum to 0). A tie counts as half a
    /// win for each side. <paramref name="prior"/> plays that many virtual wins and as many virtual
    /// losses against a fixed opponent of strength 1 for every model: without it a model that never lost
    /// has no finite maximum-likelihood strength, and one that never won has strength 0.
    /// </summary>
    public static IReadOnlyDictionary<T, double> Fit<T>(IEnumerable<PairwiseOutcome<T>> outcomes, double prior = 0.5)
        where T : notnull
    {
        if (!double.IsFinite(prior) || prior < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "The prior is a finite number of virtual games ≥ 0.");
        }

        var played = outcomes.Where(o => !EqualityComparer<T>.Default.Equals(o.Winner, o.Loser)).ToList();
        var models = played.SelectMany(o => new[] { o.Winner, o.Loser }).Distinct().ToList();
        var index = models.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
        var wins = Enumerable.Repeat(prior, models.Count).ToArray();
        var games = new double[models.Count, models.Count];
        foreach (var outcome in played)
        {
            var (w, l) = (index[outcome.Winner], index[outcome.Loser]);
            wins[w] += outcome.IsTie ? 0.5 : 1;
            wins[l] += outcome.IsTie ? 0.5 : 0;
            games[w, l]++;
            games[l, w]++;
        }

        if (models.Count == 0)
        {
            return new Dictionary<T, double>();
        }

        if (prior == 0 && Enumerable.Range(0, models.Count).Any(i => wins[i] == 0 || wins[i] == Enumerable.Range(0, models.Count).Sum(j => games[i, j])))
        {
            throw new ArgumentException("Without a prior every model needs at least one win and one loss, or its strength is 0 or infinite.", nameof(outcomes));
        }

        var strengths = Enumerable.Repeat(1.0, models.Count).ToArray();
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = new double[models.Count];
            var largestChange = 0.0;
            for (var i = 0; i < models.Count; i++)
            {
                var denominator = 2 * prior / (strengths[i] + 1);
                for (var j = 0; j < models.Count; j++)
                {
                    denominator += games[i, j] > 0 ? games[i, j] / (strengths[i] + strengths[j]) : 0;
                }

                next[i] = wins[i] / denominator;
                largestChange = Math.Max(largestChange, Math.Abs(Math.Log(next[i] / strengths[i])));
            }

            strengths = Normalise(next, prior);
            if (largestChange < Tolerance)
            {
                break;
            }
        }

        var final = Normalise(strengths, prior: 0);
        return models.ToDictionary(m => m, m => final[index[m]]);
    }

    /// <summary>
    /// Without a prior the likelihood only fixes ratios, so each step rescales to geometric mean 1 to keep
    /// the numbers in range; with one, the virtual opponent of strength 1 already fixes the scale.
    /// </summary>
    private static double[] Normalise(double[] strengths, double prior)
    {
        if (prior > 0)
        {
            return strengths;
        }

        var logMean = strengths.Average(Math.Log);
        return strengths.Select(s => Math.Exp(Math.Log(s) - logMean)).ToArray();
    }
}
