namespace Platform.Evaluation.Preferences;

/// <summary>A model's pairwise record; a tie counts as half a win.</summary>
public sealed record WinRecord(int Wins, int Losses, int Ties)
{
    public int Games => Wins + Losses + Ties;

    public double WinRate => Games > 0 ? (Wins + 0.5 * Ties) / Games : 0;

    /// <summary>Each model's record over the outcomes; a pair of a model against itself decides nothing and is left out.</summary>
    public static IReadOnlyDictionary<T, WinRecord> Tally<T>(IEnumerable<PairwiseOutcome<T>> outcomes)
        where T : notnull
    {
        var records = new Dictionary<T, WinRecord>();
        foreach (var outcome in outcomes.Where(o => !EqualityComparer<T>.Default.Equals(o.Winner, o.Loser)))
        {
            var winner = records.GetValueOrDefault(outcome.Winner, new WinRecord(0, 0, 0));
            var loser = records.GetValueOrDefault(outcome.Loser, new WinRecord(0, 0, 0));
            records[outcome.Winner] = outcome.IsTie ? winner with { Ties = winner.Ties + 1 } : winner with { Wins = winner.Wins + 1 };
            records[outcome.Loser] = outcome.IsTie ? loser with { Ties = loser.Ties + 1 } : loser with { Losses = loser.Losses + 1 };
        }

        return records;
    }
}
