using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.RollingBackAlias;

public sealed record AdapterRolledBack(
    Guid AliasId,
    AliasKey Alias,
    Guid FromAdapterId,
    Guid ToAdapterId,
    string Reason,
    string RolledBackBy,
    DateTimeOffset RolledBackAt);

/// <summary>
/// Returns an alias to the adapter that held it before the current one's promotion. Gates are not
/// checked: that adapter passed them when it was promoted, and a rollback must work when things are on fire.
/// </summary>
public sealed record RollBackAlias(AliasKey Alias, string Reason, string Actor, long? ExpectedAliasVersion = null)
    : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class RollBackAliasValidator : AbstractValidator<RollBackAlias>
{
    public RollBackAliasValidator()
    {
        RuleFor(c => c.Alias).NotNull().SetValidator(new AliasKeyValidator());
        RuleFor(c => c.Reason).MustBeReason();
        RuleFor(c => c.ExpectedAliasVersion).GreaterThanOrEqualTo(0);
    }
}

/// <summary>Answers the id of the adapter that holds the alias after the rollback.</summary>
public sealed class RollBackAliasHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RollBackAlias, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RollBackAlias command, CancellationToken cancellationToken)
    {
        var aliasStream = await session.Events.FetchForWriting<AliasState>(command.Alias.ToStreamId(), cancellationToken);
        if (aliasStream.Aggregate is not { } alias)
        {
            return Error.NotFound($"Alias {command.Alias} does not exist.");
        }

        if (alias.Lineage.Count < 2)
        {
            return Error.Conflict($"Alias {command.Alias} has no earlier adapter to roll back to.");
        }

        // Locked like a promotion: the adapter returning to the alias must not be archived meanwhile.
        // It exists: only registered adapters are ever promoted, and adapters are never deleted.
        var target = await session.Events.FetchForExclusiveWriting<AdapterSummary>(alias.Lineage[^2], cancellationToken);
        var decision = Decide(alias, aliasStream.CurrentVersion ?? 0, target.Aggregate!, command, clock.GetUtcNow());
        if (!decision.IsSuccess)
        {
            return Result<Guid>.Fail(decision.Errors);
        }

        aliasStream.AppendOne(decision.Value);
        return await session.TrySaveChangesAsync($"Alias {command.Alias} changed concurrently; reload it and decide again.", cancellationToken) is { } conflict
            ? conflict
            : decision.Value.ToAdapterId;
    }

    public static Result<AdapterRolledBack> Decide(AliasState alias, long aliasVersion, AdapterSummary target, RollBackAlias command, DateTimeOffset now)
    {
        if (command.ExpectedAliasVersion is { } expected && expected != aliasVersion)
        {
            return Error.Conflict($"Alias {command.Alias} is at version {aliasVersion}, not {expected}; reload it and decide again.");
        }

        if (target.Archived)
        {
            return Error.Conflict($"The previous adapter {target.Name} is archived; promote another adapter instead.");
        }

        return new AdapterRolledBack(alias.Id, alias.Key, alias.CurrentAdapterId!.Value, target.Id, command.Reason, command.Actor, now);
    }
}
