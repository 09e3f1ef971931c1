using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Preferences.SkippingComparison;

public sealed record ComparisonSkipped(Guid ComparisonId, string Annotator, string Reason, DateTimeOffset SkippedAt);

/// <summary>An annotator passes on a comparison (e.g. outside their expertise); it is not handed to them again. Skipping twice is one skip.</summary>
public sealed record SkipComparison(Guid ComparisonId, string Reason, string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Annotate;
}

public sealed class SkipComparisonValidator : AbstractValidator<SkipComparison>
{
    public SkipComparisonValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.ComparisonId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(2_000);
    }
}

public static class SkipDecision
{
    public static Result<ComparisonDecision> Decide(ComparisonSummary comparison, SkipComparison command, DateTimeOffset now)
    {
        if (comparison.RankingBy(command.Actor) is not null)
        {
            return Error.Conflict($"{command.Actor} already ranked comparison {comparison.Id}; a ranked comparison cannot be skipped.");
        }

        return comparison.Skips.Any(s => s.Annotator == command.Actor)
            ? ComparisonDecision.AlreadyDone(comparison.Id)
            : ComparisonDecision.Append(comparison.Id, new ComparisonSkipped(comparison.Id, command.Actor, command.Reason, now));
    }
}

public sealed class SkipComparisonHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<SkipComparison, Result<Guid>>
{
    public Task<Result<Guid>> Handle(SkipComparison command, CancellationToken cancellationToken) =>
        session.DecideOnComparisonAsync(
            command.ComparisonId,
            comparison => SkipDecision.Decide(comparison, command, clock.GetUtcNow()),
            onAppend: _ => { },
            cancellationToken);
}
