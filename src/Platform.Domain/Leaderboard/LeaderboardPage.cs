namespace Platform.Domain.Leaderboard;

/// <summary>One page of a board and the number of rows across all pages.</summary>
public sealed record LeaderboardPage(IReadOnlyList<LeaderboardEntry> Entries, long Total);
