using MediatR;
using Platform.Domain.BaseModels.ListingBaseModels;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.BaseModels;

public static class BaseModelEndpoints
{
    public static IEndpointRouteBuilder MapBaseModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/base-models", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListBaseModels(), cancellationToken)).ToHttp()).WithTags("Base models");
        return app;
    }
}
