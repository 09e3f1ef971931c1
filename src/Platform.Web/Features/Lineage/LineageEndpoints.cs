using MediatR;
using Platform.Domain.Lineage.GettingLineage;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Lineage;

public static class LineageEndpoints
{
    /// <summary>GET /api/lineage: the whole graph; <c>?around=run:{id}</c> (or any node id) its ancestors and descendants.</summary>
    public static IEndpointRouteBuilder MapLineageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lineage", async (string? around, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetLineage(around), cancellationToken)).ToHttp()).WithTags("Lineage");
        return app;
    }
}
