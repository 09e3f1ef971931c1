namespace Platform.Evaluation.Preferences;

/// <summary>
/// A ranking written as ordered tiers (best first); items inside a tier are tied, and items absent
/// from every tier were not ranked (a partial ranking).
/// </summary>
public static class RankingTiers
{
    /// <summary>
    /// Every pair the tiers decide: each item of a higher tier beats each item of every lower tier,
    /// and items sharing a tier tie. Pairs come in tier order, then in the order items were given.
    /// </summary>
    public static IEnumerable<PairwiseOutcome<T>> Expand<T>(IReadOnlyList<IReadOnlyList<T>> tiers)
    {
        for (var upper = 0; upper < tiers.Count; upper++)
        {
            for (var i = 0; i < tiers[upper].Count; i++)
            {
                for (var j = i + 1; j < tiers[upper].Count; j++)
                {
                    yield return new PairwiseOutcome<T>(tiers[upper][i], tiers[upper][j], IsTie: true);
                }

                for (var lower = upper + 1; lower < tiers.Count; lower++)
                {
                    foreach (var loser in tiers[lower])
                    {
                        yield return new PairwiseOutcome<T>(tiers[upper][i], loser, IsTie: false);
                    }
                }
            }
        }
    }

    /// <summary>Each ranked item's position: 1 for the first tier, 2 for the next, and so on (tied items share it).</summary>
    public static IReadOnlyDictionary<T, double> Positions<T>(IReadOnlyList<IReadOnlyList<T>> tiers)
        where T : notnull =>
        tiers.SelectMany((tier, index) => tier.Select(item => (item, position: index + 1.0)))
            .ToDictionary(p => p.item, p => p.position);
}
