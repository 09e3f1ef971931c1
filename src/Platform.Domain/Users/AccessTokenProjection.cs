using Marten.Events.Projections;
using Platform.Domain.Users.CreatingAccessToken;
using Platform.Domain.Users.RevokingAccessToken;

namespace Platform.Domain.Users;

/// <summary>One document per token from its owner's stream; inline, so a token works (or stops working) with the next request.</summary>
public sealed class AccessTokenProjection : MultiStreamProjection<AccessToken, Guid>
{
    public AccessTokenProjection()
    {
        Identity<AccessTokenCreated>(e => e.TokenId);
        Identity<AccessTokenRevoked>(e => e.TokenId);
    }

    public static AccessToken Create(AccessTokenCreated created) => new()
    {
        Id = created.TokenId,
        UserId = created.UserId,
        UserName = created.UserName,
        Name = created.Name,
        Hash = created.TokenHash,
        CreatedAt = created.CreatedAt,
        ExpiresAt = created.ExpiresAt,
    };

    public static AccessToken Apply(AccessTokenRevoked revoked, AccessToken token) => token with { RevokedAt = revoked.RevokedAt };
}
