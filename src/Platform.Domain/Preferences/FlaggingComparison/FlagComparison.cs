using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Preferences.FlaggingComparison;

public sealed record ComparisonFlagged(Guid ComparisonId, string FlaggedBy, string Reason, DateTimeOffset FlaggedAt);

/// <summary>
/// Reports a problem with a comparison (a broken prompt, an unsafe response): it is withdrawn from the
/// annotation queue and takes no new rankings. Flagging it again by the same user is one flag.
/// </summary>
public sealed record FlagComparison(Guid ComparisonId, string Reason, string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Annotate;
}

public sealed class FlagComparisonValidator : AbstractValidator<FlagComparison>
{
    public FlagComparisonValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.ComparisonId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(2_000);
    }
}

public static class FlagDecision
{
    public static ComparisonDecision Decide(ComparisonSummary comparison, FlagComparison command, DateTimeOffset now) =>
        comparison.Flags.Any(f => f.FlaggedBy == command.Actor)
            ? ComparisonDecision.AlreadyDone(comparison.Id)
            : ComparisonDecision.Append(comparison.Id, new ComparisonFlagged(comparison.Id, command.Actor, command.Reason, now));
}

public sealed class FlagComparisonHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<FlagComparison, Result<Guid>>
{
    public Task<Result<Guid>> Handle(FlagComparison command, CancellationToken cancellationToken) =>
        session.DecideOnComparisonAsync(
            command.ComparisonId,
            comparison => FlagDecision.Decide(comparison, command, clock.GetUtcNow()),
            onAppend: _ => { },
            cancellationToken);
}
