using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Web.Infrastructure;

/// <summary>Healthy once the event store's database answers a query.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", error);
        }
    }
}
