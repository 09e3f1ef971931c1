namespace Platform.Evaluation.Preferences;

/// <summary>Kendall's rank correlation, tau-b: the variant that corrects for ties in either ranking.</summary>
public static class KendallTau
{
    /// <summary>
    /// Tau-b between two rankings over the items both ranked (lower value = better; equal values are
    /// ties): (C − D) / √((n₀ − n₁)(n₀ − n₂)) with n₁, n₂ the pairs tied in the first and second
    /// ranking. Null when fewer than two items are shared or either ranking ties all of them, where
    /// the coefficient is undefined.
    /// </summary>
    public static double? TauB<TKey>(IReadOnlyDictionary<TKey, double> first, IReadOnlyDictionary<TKey, double> second)
        where TKey : notnull
    {
        var shared = first.Keys.Where(second.ContainsKey).Select(k => (x: first[k], y: second[k])).ToList();
        long concordant = 0, discordant = 0, tiedFirst = 0, tiedSecond = 0, pairs = 0;
        for (var i = 0; i < shared.Count; i++)
        {
            for (var j = i + 1; j < shared.Count; j++)
            {
                pairs++;
                var dx = Math.Sign(shared[i].x - shared[j].x);
                var dy = Math.Sign(shared[i].y - shared[j].y);
                if (dx == 0)
                {
                    tiedFirst++;
                }

                if (dy == 0)
                {
                    tiedSecond++;
                }

                if (dx != 0 && dy != 0)
                {
                    if (dx == dy)
                    {
                        concordant++;
                    }
                    else
                    {
                        discordant++;
                    }
                }
            }
        }

        var denominator = Math.Sqrt((double)(pairs - tiedFirst) * (pairs - tiedSecond));
        return denominator > 0 ? (concordant - discordant) / denominator : null;
    }
}
