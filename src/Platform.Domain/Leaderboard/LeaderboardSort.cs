namespace Platform.Domain.Leaderboard;

public enum LeaderboardSort
{
    /// <summary>Best value first, in the metric's direction.</summary>
    Best,
    WallTime,
    Cost,
    TrainableParameterShare,
    Newest,
}
