using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.RevokingAccessToken;

public sealed record AccessTokenRevoked(Guid UserId, Guid TokenId, string RevokedBy, DateTimeOffset RevokedAt);

/// <summary>Revokes a token: its owner may, and so may an admin (a leaked token of someone away). Revoking twice is one revocation.</summary>
public sealed record RevokeAccessToken(Guid TokenId, string Actor) : IRequest<Result<Guid>>;

public sealed class RevokeAccessTokenHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RevokeAccessToken, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RevokeAccessToken command, CancellationToken cancellationToken)
    {
        var token = await session.LoadAsync<AccessToken>(command.TokenId, cancellationToken);
        var actor = await session.LoadAsync<UserAccount>(UserAccount.IdFor(command.Actor), cancellationToken);
        if (token is null || actor is null || (token.UserId != actor.Id && !Permissions.Grants(actor.Role, Permission.ManageUsers)))
        {
            return Error.NotFound($"No token {command.TokenId} of yours."); // another's token is as unknown as a missing one
        }

        if (token.RevokedAt is not null)
        {
            return token.Id;
        }

        session.Events.Append(token.UserId, new AccessTokenRevoked(token.UserId, token.Id, actor.Name, clock.GetUtcNow()));
        return await session.TrySaveChangesAsync("The account changed concurrently; try again.", cancellationToken) is { } conflict ? conflict : token.Id;
    }
}
