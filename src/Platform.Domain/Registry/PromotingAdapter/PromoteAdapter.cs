using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Registry.GettingPromotionEvidence;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.PromotingAdapter;

public sealed record AdapterPromoted(
    Guid AliasId,
    AliasKey Alias,
    Guid AdapterId,
    Guid? PreviousAdapterId,
    string Reason,
    IReadOnlyList<GateResult> GateResults,
    string PromotedBy,
    DateTimeOffset PromotedAt);

/// <summary>
/// Makes an adapter the one holding an alias, if it passes every gate of the alias. The append carries
/// the alias stream version read, so of two concurrent promotions to one alias exactly one wins and the
/// other gets a conflict; naming <see cref="ExpectedAliasVersion"/> also refuses if the alias moved on
/// since the client looked. A retry with the same client command id returns the same alias, once.
/// </summary>
public sealed record PromoteAdapter(
    AliasKey Alias,
    Guid AdapterId,
    string Reason,
    string Actor,
    long? ExpectedAliasVersion = null,
    Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class PromoteAdapterValidator : AbstractValidator<PromoteAdapter>
{
    public PromoteAdapterValidator()
    {
        RuleFor(c => c.Alias).NotNull().SetValidator(new AliasKeyValidator());
        RuleFor(c => c.AdapterId).NotEmpty();
        RuleFor(c => c.Reason).MustBeReason();
        RuleFor(c => c.ExpectedAliasVersion).GreaterThanOrEqualTo(0);
    }
}

public sealed class PromoteAdapterHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<PromoteAdapter, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(PromoteAdapter command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        // Locks the adapter's stream row until this unit commits, so an archive cannot slip in between
        // the check that the adapter is not archived and the promotion.
        var adapterStream = await session.Events.FetchForExclusiveWriting<AdapterSummary>(command.AdapterId, cancellationToken);
        if (adapterStream.Aggregate is not { } adapter)
        {
            return Error.NotFound($"Adapter {command.AdapterId} does not exist.");
        }

        var evidence = await mediator.Send(new GetPromotionEvidence(adapter.Id), cancellationToken);
        if (!evidence.IsSuccess)
        {
            return Result<Guid>.Fail(evidence.Errors);
        }

        var aliasId = command.Alias.ToStreamId();
        var aliasStream = await session.Events.FetchForWriting<AliasState>(aliasId, cancellationToken);
        var now = clock.GetUtcNow();
        var decision = PromotionDecision.Decide(aliasStream.Aggregate, aliasStream.CurrentVersion ?? 0, adapter, evidence.Value, command, now);
        if (!decision.IsSuccess)
        {
            return Result<Guid>.Fail(decision.Errors);
        }

        aliasStream.AppendOne(decision.Value);
        session.RecordOutcome(command, aliasId, now);
        return await session.TrySaveChangesAsync($"Alias {command.Alias} changed concurrently (another promotion or rollback won); reload it and decide again.", cancellationToken) is { } conflict
            ? conflict
            : aliasId;
    }
}
