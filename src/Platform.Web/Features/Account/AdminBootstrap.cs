using Platform.Domain.Common;
using Platform.Domain.Users.EnsuringAdmin;

namespace Platform.Web.Features.Account;

/// <summary>At start-up, gives the first admin a one-time password when no admin can sign in yet, and writes it to the log (which ./platform run shows).</summary>
public sealed class AdminBootstrap(IServiceScopeFactory scopes, ILogger<AdminBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await scopes.SendInScopeAsync(new EnsureAdminAccount(), cancellationToken) is { } issued)
        {
            logger.LogWarning(
                "No admin could sign in, so the account '{Admin}' has the one-time password {Password} . Sign in at /sign-in and choose your own on the account page.",
                issued.Name, issued.OneTimePassword);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
