namespace Platform.Domain.Users;

/// <summary>A command taken on behalf of a user: <see cref="AuthorizationBehavior{TRequest,TResponse}"/> checks the user's role before anything else runs.</summary>
public interface IAuthorizedRequest
{
    /// <summary>The user who acts; recorded in the events the command appends.</summary>
    string Actor { get; }

    Permission RequiredPermission { get; }
}
