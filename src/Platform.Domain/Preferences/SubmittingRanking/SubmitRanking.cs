using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Preferences.SubmittingRanking;

public sealed record RankingSubmitted(
    Guid ComparisonId,
    Guid RankingId,
    string Annotator,
    IReadOnlyList<IReadOnlyList<Guid>> Tiers,
    TimeSpan TimeSpent,
    string? Comment,
    DateTimeOffset SubmittedAt);

/// <summary>
/// An annotator's ranking of a comparison's candidates as ordered tiers (best first, ties inside a tier;
/// candidates left out are unranked). One ranking per annotator per comparison: sending the same ranking
/// again (or retrying with the same client command id) returns the first one; a different one conflicts.
/// </summary>
public sealed record SubmitRanking(
    Guid ComparisonId,
    IReadOnlyList<IReadOnlyList<Guid>> Tiers,
    TimeSpan TimeSpent,
    string Actor,
    string? Comment = null,
    Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public const int MaxCommentLength = 2_000;

    public Permission RequiredPermission => Permission.Annotate;
}

public sealed class SubmitRankingValidator : AbstractValidator<SubmitRanking>
{
    public SubmitRankingValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.ComparisonId).NotEmpty();
        RuleFor(c => c.TimeSpent).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(1));
        RuleFor(c => c.Comment).MaximumLength(SubmitRanking.MaxCommentLength);
        RuleFor(c => c.Tiers)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .Must(tiers => tiers.All(t => t is { Count: > 0 }))
            .WithMessage("A tier holds at least one candidate.")
            .Must(tiers => tiers.SelectMany(t => t).Distinct().Count() == tiers.Sum(t => t.Count))
            .WithMessage("A candidate appears in at most one tier, once.")
            .Must(tiers => tiers.Sum(t => t.Count) >= 2)
            .WithMessage("A ranking orders at least two candidates.");
    }
}

/// <summary>The decision of a ranking against the comparison as it stands.</summary>
public static class RankingDecision
{
    public static Result<ComparisonDecision> Decide(ComparisonSummary comparison, SubmitRanking command, Guid rankingId, DateTimeOffset now)
    {
        if (comparison.IsFlagged)
        {
            return Error.Conflict($"Comparison {comparison.Id} was flagged and takes no new rankings.");
        }

        var known = comparison.Candidates.Select(c => c.CandidateId).ToHashSet();
        var unknown = command.Tiers.SelectMany(t => t).Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            return new Error(ErrorKind.Validation, $"Comparison {comparison.Id} has no candidate {string.Join(", ", unknown)}.", nameof(SubmitRanking.Tiers));
        }

        // A single tier says "these are equal"; it only carries information as an explicit tie of every candidate.
        if (command.Tiers.Count == 1 && command.Tiers[0].Count != known.Count)
        {
            return new Error(ErrorKind.Validation, "A ranking needs at least two tiers, or one tier that ties every candidate.", nameof(SubmitRanking.Tiers));
        }

        if (comparison.RankingBy(command.Actor) is { } earlier)
        {
            return SameTiers(earlier.Tiers, command.Tiers)
                ? ComparisonDecision.AlreadyDone(earlier.RankingId)
                : Error.Conflict($"{command.Actor} already ranked comparison {comparison.Id} differently; one ranking per annotator.");
        }

        return ComparisonDecision.Append(
            rankingId,
            new RankingSubmitted(comparison.Id, rankingId, command.Actor, command.Tiers, command.TimeSpent, command.Comment, now));
    }

    /// <summary>Order inside a tier means nothing (they are tied), so tiers compare as sets.</summary>
    private static bool SameTiers(IReadOnlyList<IReadOnlyList<Guid>> first, IReadOnlyList<IReadOnlyList<Guid>> second) =>
        first.Count == second.Count && first.Zip(second).All(p => p.First.ToHashSet().SetEquals(p.Second));
}

public sealed class SubmitRankingHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<SubmitRanking, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(SubmitRanking command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var now = clock.GetUtcNow();
        return await session.DecideOnComparisonAsync(
            command.ComparisonId,
            comparison => RankingDecision.Decide(comparison, command, Guid.CreateVersion7(), now),
            decided => session.RecordOutcome(command, decided, now),
            cancellationToken);
    }
}
