using Marten;

namespace Platform.Domain.Leaderboard;

public static class LeaderboardStorage
{
    /// <summary>
    /// Leaderboard rows are written by the inline RunSummary projection as a side effect of folding a run, so
    /// side effects are enabled for inline projections. The columns a board is filtered and sorted on are
    /// duplicated out of the JSON (each with its index), so a page of 10,000 runs is one indexed SQL query.
    /// </summary>
    public static void Configure(StoreOptions options)
    {
        options.Events.EnableSideEffectsOnInlineProjections = true;
        options.Schema.For<LeaderboardEntry>()
            .Duplicate(e => e.Task)
            .Duplicate(e => e.Suite)
            .Duplicate(e => e.Split)
            .Duplicate(e => e.Metric)
            .Duplicate(e => e.Value)
            .Duplicate(e => e.Method)
            .Duplicate(e => e.RunId)
            .Duplicate(e => e.WallTimeSeconds)
            .Duplicate(e => e.Cost!)
            .Duplicate(e => e.TrainableParameterShare!)
            .Duplicate(e => e.ExperimentId!);
    }
}
