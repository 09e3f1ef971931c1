namespace Platform.Domain.Preferences;

/// <summary>A ranking as stored: ordered tiers of candidate ids (best first, ties inside a tier, unranked candidates absent).</summary>
public sealed record SubmittedRanking(
    Guid RankingId,
    string Annotator,
    IReadOnlyList<IReadOnlyList<Guid>> Tiers,
    TimeSpan TimeSpent,
    string? Comment,
    DateTimeOffset SubmittedAt);

public sealed record ComparisonSkip(string Annotator, string Reason, DateTimeOffset SkippedAt);

public sealed record ComparisonFlag(string FlaggedBy, string Reason, DateTimeOffset FlaggedAt);

/// <summary>One row per comparison: its candidates, who ranked, skipped or flagged it.</summary>
public sealed record ComparisonSummary
{
    public Guid Id { get; init; }

    /// <summary>The stream version this row reflects (Marten sets it).</summary>
    public long Version { get; set; }

    public required string Prompt { get; init; }

    public required IReadOnlyList<ComparisonCandidate> Candidates { get; init; }

    /// <summary>The order annotators see the candidates in, drawn at creation so position bias can be studied later.</summary>
    public required IReadOnlyList<Guid> DisplayOrder { get; init; }

    public int? Seed { get; init; }

    public string? Batch { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<SubmittedRanking> Rankings { get; init; } = [];

    public IReadOnlyList<ComparisonSkip> Skips { get; init; } = [];

    public IReadOnlyList<ComparisonFlag> Flags { get; init; } = [];

    /// <summary>Annotators who ranked or skipped it: the next-comparison query does not hand it to them again.</summary>
    public IReadOnlyList<string> DoneBy { get; init; } = [];

    public bool IsFlagged { get; init; }

    public ComparisonStatus Status => IsFlagged ? ComparisonStatus.Flagged : Rankings.Count > 0 ? ComparisonStatus.Ranked : ComparisonStatus.Open;

    public int RankingCount => Rankings.Count;

    public IReadOnlyList<string> RankedBy => Rankings.Select(r => r.Annotator).ToList();

    public SubmittedRanking? RankingBy(string annotator) =>
        Rankings.FirstOrDefault(r => r.Annotator == annotator);
}
