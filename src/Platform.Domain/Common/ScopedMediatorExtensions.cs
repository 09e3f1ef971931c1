using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Domain.Common;

/// <summary>
/// For long-lived callers (Blazor circuits, background workers): each request gets its own DI scope, so
/// its own short-lived Marten session, and no session is shared between concurrent requests.
/// </summary>
public static class ScopedMediatorExtensions
{
    /// <summary>Sends a request in its own scope (a fresh Marten session) and turns a failed result into an exception.</summary>
    public static async Task<T> SendInScopeAsync<T>(this IServiceScopeFactory scopes, IRequest<Result<T>> request, CancellationToken cancellationToken)
    {
        var result = await scopes.TrySendInScopeAsync(request, cancellationToken);
        return result.IsSuccess
            ? result.Value
            : throw new InvalidOperationException($"{request.GetType().Name} failed: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    public static async Task<Result<T>> TrySendInScopeAsync<T>(this IServiceScopeFactory scopes, IRequest<Result<T>> request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }
}
