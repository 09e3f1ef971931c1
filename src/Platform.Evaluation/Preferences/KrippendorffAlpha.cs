namespace Platform.Evaluation.Preferences;

/// <summary>
/// Krippendorff's alpha for ordinal data, in the coincidence-matrix formulation of Krippendorff (2011),
/// "Computing Krippendorff's Alpha-Reliability": α = 1 − D_o / D_e, with any number of coders and
/// missing values.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>
    /// Each unit lists the values the coders who coded it gave (a coder who did not code it is simply
    /// absent). Units with fewer than two values are not pairable and are left out, as the method
    /// prescribes. Null when no unit is pairable or every pairable value is the same (D_e = 0).
    /// </summary>
    public static double? Ordinal(IEnumerable<IReadOnlyList<double>> units)
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        if (values.Length < 2)
        {
            return null;
        }

        var index = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var coincidences = new double[values.Length, values.Length];
        foreach (var unit in pairable)
        {
            // Every ordered pair of values from different coders in a unit adds 1/(m_u − 1).
            for (var i = 0; i < unit.Count; i++)
            {
                for (var j = 0; j < unit.Count; j++)
                {
                    if (i != j)
                    {
                        coincidences[index[unit[i]], index[unit[j]]] += 1.0 / (unit.Count - 1);
                    }
                }
            }
        }

        var marginals = new double[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            for (var k = 0; k < values.Length; k++)
            {
                marginals[c] += coincidences[c, k];
            }
        }

        var total = marginals.Sum();
        double observed = 0, expected = 0;
        for (var c = 0; c < values.Length; c++)
        {
            for (var k = 0; k < values.Length; k++)
            {
                var distance = OrdinalDistance(marginals, c, k);
                observed += coincidences[c, k] * distance;
                expected += marginals[c] * marginals[k] * distance;
            }
        }

        expected /= total - 1;
        return expected > 0 ? 1 - observed / expected : null;
    }

    /// <summary>
    /// The ordinal metric δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²: the distance between two ranks
    /// grows with how many values fall between them, not with their numeric gap.
    /// </summary>
    private static double OrdinalDistance(double[] marginals, int c, int k)
    {
        var (low, high) = c <= k ? (c, k) : (k, c);
        var between = 0.0;
        for (var g = low; g <= high; g++)
        {
            between += marginals[g];
        }

        var distance = between - (marginals[low] + marginals[high]) / 2;
        return distance * distance;
    }
}
