using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.AuthenticatingAccessToken;

/// <summary>Whom a bearer token identifies: its owner with their current role, or an error for a token unknown, expired or revoked.</summary>
public sealed record AuthenticateAccessToken(string Token) : IRequest<Result<SignedInUser>>
{
    public override string ToString() => "AuthenticateAccessToken { }"; // never the token
}

public sealed class AuthenticateAccessTokenHandler(IQuerySession session, TimeProvider clock) : IRequestHandler<AuthenticateAccessToken, Result<SignedInUser>>
{
    public async Task<Result<SignedInUser>> Handle(AuthenticateAccessToken query, CancellationToken cancellationToken)
    {
        var hash = AccessToken.HashOf(query.Token);
        var token = await session.Query<AccessToken>().Where(t => t.Hash == hash).SingleOrDefaultAsync(cancellationToken);
        if (token is null || !token.IsActive(clock.GetUtcNow()))
        {
            return Error.Unauthenticated(token is null ? "Unknown access token." : $"Access token '{token.Name}' has expired or was revoked.");
        }

        return await session.LoadAsync<UserAccount>(token.UserId, cancellationToken) is { } user
            ? new SignedInUser(user.Name, user.Role)
            : Error.Unauthenticated("Unknown access token.");
    }
}
