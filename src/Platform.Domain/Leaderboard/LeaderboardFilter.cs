namespace Platform.Domain.Leaderboard;

/// <summary>Optional narrowing of a board; every field left null keeps all rows.</summary>
public sealed record LeaderboardFilter
{
    public string? Split { get; init; }

    public string? Method { get; init; }

    public Guid? ExperimentId { get; init; }

    public double? MaxTrainableParameterShare { get; init; }

    public double? MaxWallTimeSeconds { get; init; }
}
