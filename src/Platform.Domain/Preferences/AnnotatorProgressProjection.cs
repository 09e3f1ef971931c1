using Marten.Events.Projections;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Preferences.SubmittingRanking;

namespace Platform.Domain.Preferences;

/// <summary>
/// Counts each annotator's rankings, skips and flags across every comparison's stream. Asynchronous:
/// no command reads it, a count a moment old is fine on a progress display, and it keeps the
/// cross-stream update out of the annotator's submit. The async daemon (hot/cold, one host at a time)
/// applies it; since it only adds, an event applied twice would show as a wrong count.
/// </summary>
public sealed class AnnotatorProgressProjection : MultiStreamProjection<AnnotatorProgress, string>
{
    public AnnotatorProgressProjection()
    {
        Identity<RankingSubmitted>(e => e.Annotator);
        Identity<ComparisonSkipped>(e => e.Annotator);
        Identity<ComparisonFlagged>(e => e.FlaggedBy);
    }

    public static AnnotatorProgress Create(RankingSubmitted submitted) => Apply(submitted, Empty(submitted.Annotator));

    public static AnnotatorProgress Create(ComparisonSkipped skipped) => Apply(skipped, Empty(skipped.Annotator));

    public static AnnotatorProgress Create(ComparisonFlagged flagged) => Apply(flagged, Empty(flagged.FlaggedBy));

    public static AnnotatorProgress Apply(RankingSubmitted submitted, AnnotatorProgress progress) => progress with
    {
        Rankings = progress.Rankings + 1,
        TimeSpent = progress.TimeSpent + submitted.TimeSpent,
        LastActiveAt = Latest(progress.LastActiveAt, submitted.SubmittedAt),
    };

    public static AnnotatorProgress Apply(ComparisonSkipped skipped, AnnotatorProgress progress) => progress with
    {
        Skips = progress.Skips + 1,
        LastActiveAt = Latest(progress.LastActiveAt, skipped.SkippedAt),
    };

    public static AnnotatorProgress Apply(ComparisonFlagged flagged, AnnotatorProgress progress) => progress with
    {
        Flags = progress.Flags + 1,
        LastActiveAt = Latest(progress.LastActiveAt, flagged.FlaggedAt),
    };

    public static AnnotatorProgress Empty(string annotator) => new() { Id = annotator };

    private static DateTimeOffset Latest(DateTimeOffset? current, DateTimeOffset at) => current is { } known && known > at ? known : at;
}
