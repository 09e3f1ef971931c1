using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.RegisteringUser;

namespace Platform.Web.Infrastructure;

/// <summary>Registers the operator as an admin at start-up (idempotent), so the browser can act before any user is created.</summary>
public sealed class OperatorRegistration(IServiceScopeFactory scopes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        scopes.SendInScopeAsync(new RegisterUser(CurrentUser.Name, Role.Admin, SystemActor.Name), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
