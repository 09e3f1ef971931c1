using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users;

/// <summary>
/// Checks that the acting user exists and that their role grants the command's permission; a denied
/// command never reaches validation or its handler, so it appends nothing. The actor is also stamped
/// on the request's session, so every event it appends carries the user name in its metadata;
/// requests of the platform's own processes (workers) carry <see cref="SystemActor.Name"/>.
/// </summary>
public sealed class AuthorizationBehavior<TRequest, TResponse>(IQuerySession session, IDocumentSession writes) : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IFailable<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        writes.LastModifiedBy = request is IAuthorizedRequest { Actor: var actor } ? actor : SystemActor.Name;
        if (request is not IAuthorizedRequest authorized || authorized.Actor == SystemActor.Name)
        {
            return await next();
        }

        var user = string.IsNullOrWhiteSpace(authorized.Actor)
            ? null
            : await session.LoadAsync<UserAccount>(UserAccount.IdFor(authorized.Actor), cancellationToken);
        if (user is null)
        {
            return TResponse.Fail([Error.Forbidden($"'{authorized.Actor}' is not a registered user.")]);
        }

        return Permissions.Grants(user.Role, authorized.RequiredPermission)
            ? await next()
            : TResponse.Fail([Error.Forbidden($"{user.Name} is a {user.Role.ToString().ToLowerInvariant()}; {typeof(TRequest).Name} needs the {authorized.RequiredPermission} permission.")]);
    }
}
