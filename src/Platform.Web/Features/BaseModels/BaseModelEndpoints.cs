using MediatR;
using Platform.Domain.BaseModels.GettingDefault;
using Platform.Domain.BaseModels.ListingBaseModels;
using Platform.Training.BaseModels;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.BaseModels;

public static class BaseModelEndpoints
{
    public static IEndpointRouteBuilder MapBaseModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/base-models").WithTags("Base models");
        group.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListBaseModels(), cancellationToken)).ToHttp());
        group.MapGet("/default", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetDefaultBaseModel(), cancellationToken)).ToHttp());
        group.MapPost("/import", async (ImportBaseModelRequest request, BaseModelImporter importer, CancellationToken cancellationToken) =>
            (await importer.ImportAsync(request.Path, request.Name, CurrentUser.Name, cancellationToken))
                .ToHttp(id => Results.Created($"/api/base-models/{id}", new { id })));
        return app;
    }
}

/// <summary>A Hugging Face model folder on the server's disk, and the name to register it under (default: the folder's name).</summary>
public sealed record ImportBaseModelRequest(string Path, string? Name);
