using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Domain;
using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.RegisteringUser;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// The real domain on the real PostgreSQL, in a schema of its own: one per test class (an xunit class
/// fixture), dropped afterwards, so test classes run in parallel without seeing each other's events.
/// </summary>
public class DomainDatabase : IAsyncLifetime
{
    public string Schema { get; } = $"test_{Guid.NewGuid():N}"[..20];

    public ServiceProvider Services { get; private set; } = null!;

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformDomain(TestEnvironment.ConnectionString, Schema);
        AddServices(services);
        Services = services.BuildServiceProvider();
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        foreach (var (name, role) in TestUsers.All)
        {
            _ = (await SendAsync(new RegisterUser(name, role, SystemActor.Name))).Value;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (Services is null)
        {
            return; // initialisation failed; its error is the test's
        }

        await Services.DisposeAsync();
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Sends a request the way the web host does: in a scope of its own, with a fresh session.</summary>
    public Task<Result<T>> SendAsync<T>(IRequest<Result<T>> request) =>
        Services.GetRequiredService<IServiceScopeFactory>().TrySendInScopeAsync(request, CancellationToken.None);

    /// <summary>Registers what a derived fixture adds on top of the domain.</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(Guid streamId)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    public async Task<long> CountAllEventsAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
