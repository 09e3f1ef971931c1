using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Registry.GettingAlias;

/// <summary>An alias: the adapter holding it, its version, its gates and its history.</summary>
public sealed record GetAlias(AliasKey Alias) : IRequest<Result<AliasState>>;

public sealed class GetAliasHandler(IQuerySession session) : IRequestHandler<GetAlias, Result<AliasState>>
{
    public async Task<Result<AliasState>> Handle(GetAlias query, CancellationToken cancellationToken) =>
        await session.LoadAsync<AliasState>(query.Alias.ToStreamId(), cancellationToken) is { } alias
            ? alias
            : Error.NotFound($"Alias {query.Alias} does not exist.");
}
