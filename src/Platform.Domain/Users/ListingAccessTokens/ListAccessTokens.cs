using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.ListingAccessTokens;

/// <summary>A token as its owner sees it in a list: never the hash.</summary>
public sealed record AccessTokenListing(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>The acting user's own tokens, newest first, revoked and expired ones included.</summary>
public sealed record ListAccessTokens(string Actor) : IRequest<Result<IReadOnlyList<AccessTokenListing>>>;

public sealed class ListAccessTokensHandler(IQuerySession session) : IRequestHandler<ListAccessTokens, Result<IReadOnlyList<AccessTokenListing>>>
{
    public async Task<Result<IReadOnlyList<AccessTokenListing>>> Handle(ListAccessTokens query, CancellationToken cancellationToken)
    {
        var owner = UserAccount.IdFor(query.Actor);
        var tokens = await session.Query<AccessToken>().Where(t => t.UserId == owner).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<AccessTokenListing>>.Success(tokens.Select(t => new AccessTokenListing(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToList());
    }
}
