using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.ArchivingAdapter;

public sealed record AdapterArchived(Guid AdapterId, string Reason, string ArchivedBy, DateTimeOffset ArchivedAt);

/// <summary>
/// Retires an adapter: it can no longer be promoted or rolled back to. An adapter holding an alias
/// cannot be archived until another adapter replaces it there. Archiving an archived adapter changes nothing.
/// </summary>
public sealed record ArchiveAdapter(Guid AdapterId, string Reason, string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class ArchiveAdapterValidator : AbstractValidator<ArchiveAdapter>
{
    public ArchiveAdapterValidator()
    {
        RuleFor(c => c.AdapterId).NotEmpty();
        RuleFor(c => c.Reason).MustBeReason();
    }
}

public sealed class ArchiveAdapterHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ArchiveAdapter, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(ArchiveAdapter command, CancellationToken cancellationToken)
    {
        // The row lock orders this against promotions and rollbacks of the same adapter (they take it
        // too), so the aliases read below cannot gain this adapter before the archive commits.
        var stream = await session.Events.FetchForExclusiveWriting<AdapterSummary>(command.AdapterId, cancellationToken);
        if (stream.Aggregate is not { } adapter)
        {
            return Error.NotFound($"Adapter {command.AdapterId} does not exist.");
        }

        if (adapter.Archived)
        {
            return adapter.Id;
        }

        var held = await session.Query<AliasState>().Where(a => a.CurrentAdapterId == adapter.Id).ToListAsync(cancellationToken);
        if (held.Count > 0)
        {
            return Error.Conflict($"Adapter {adapter.Name} holds {string.Join(", ", held.Select(a => a.Key))}; promote another adapter there before archiving it.");
        }

        stream.AppendOne(new AdapterArchived(adapter.Id, command.Reason, command.Actor, clock.GetUtcNow()));
        return await session.TrySaveChangesAsync($"Adapter {adapter.Id} changed concurrently; reload it and retry.", cancellationToken) is { } conflict
            ? conflict
            : adapter.Id;
    }
}
