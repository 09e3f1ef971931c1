using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Registry.GettingAliasHistory;

/// <summary>The audit trail of an alias, oldest first: every gate change, promotion and rollback, with who, why and the gate results.</summary>
public sealed record GetAliasHistory(AliasKey Alias) : IRequest<Result<IReadOnlyList<AliasHistoryEntry>>>;

public sealed class GetAliasHistoryHandler(IQuerySession session) : IRequestHandler<GetAliasHistory, Result<IReadOnlyList<AliasHistoryEntry>>>
{
    public async Task<Result<IReadOnlyList<AliasHistoryEntry>>> Handle(GetAliasHistory query, CancellationToken cancellationToken) =>
        await session.LoadAsync<AliasState>(query.Alias.ToStreamId(), cancellationToken) is { } alias
            ? Result<IReadOnlyList<AliasHistoryEntry>>.Success(alias.History)
            : Error.NotFound($"Alias {query.Alias} does not exist.");
}
