using Marten.Events.Aggregation;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;

namespace Platform.Domain.Preferences;

/// <summary>
/// Folds a comparison's events into its summary; inline, so the next-comparison query sees a ranking
/// as soon as it is stored. <see cref="Fold"/> is the same fold for readers that replay events up to a
/// sequence number (preference snapshots).
/// </summary>
public sealed class ComparisonSummaryProjection : SingleStreamProjection<ComparisonSummary, Guid>
{
    public static ComparisonSummary Create(ComparisonCreated created) => new()
    {
        Id = created.ComparisonId,
        Prompt = created.Prompt,
        Candidates = created.Candidates,
        DisplayOrder = created.DisplayOrder,
        Seed = created.Seed,
        Batch = created.Batch,
        CreatedBy = created.CreatedBy,
        CreatedAt = created.CreatedAt,
    };

    public static ComparisonSummary Apply(RankingSubmitted submitted, ComparisonSummary comparison) => comparison with
    {
        Rankings = [.. comparison.Rankings, new SubmittedRanking(submitted.RankingId, submitted.Annotator, submitted.Tiers, submitted.TimeSpent, submitted.Comment, submitted.SubmittedAt)],
        DoneBy = WithAnnotator(comparison.DoneBy, submitted.Annotator),
    };

    public static ComparisonSummary Apply(ComparisonSkipped skipped, ComparisonSummary comparison) => comparison with
    {
        Skips = [.. comparison.Skips, new ComparisonSkip(skipped.Annotator, skipped.Reason, skipped.SkippedAt)],
        DoneBy = WithAnnotator(comparison.DoneBy, skipped.Annotator),
    };

    public static ComparisonSummary Apply(ComparisonFlagged flagged, ComparisonSummary comparison) => comparison with
    {
        Flags = [.. comparison.Flags, new ComparisonFlag(flagged.FlaggedBy, flagged.Reason, flagged.FlaggedAt)],
        IsFlagged = true,
    };

    public static ComparisonSummary? Fold(ComparisonSummary? comparison, object @event) => (comparison, @event) switch
    {
        (null, ComparisonCreated created) => Create(created),
        ({ } c, RankingSubmitted submitted) => Apply(submitted, c),
        ({ } c, ComparisonSkipped skipped) => Apply(skipped, c),
        ({ } c, ComparisonFlagged flagged) => Apply(flagged, c),
        _ => comparison,
    };

    private static IReadOnlyList<string> WithAnnotator(IReadOnlyList<string> annotators, string annotator) =>
        annotators.Contains(annotator) ? annotators : [.. annotators, annotator];
}
