using System.Security.Claims;
using MediatR;
using Platform.Domain.BaseModels.GettingDefault;
using Platform.Domain.BaseModels.ListingBaseModels;
using Platform.Training.BaseModels;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.BaseModels;

public static class BaseModelEndpoints
{
    public static IEndpointRouteBuilder MapBaseModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/base-models").WithTags("Base models");
        var changingModels = group.MapGroup(string.Empty).RequirePermission(Permission.ManageData);
        group.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListBaseModels(), cancellationToken)).ToHttp());
        group.MapGet("/default", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetDefaultBaseModel(), cancellationToken)).ToHttp());
        changingModels.MapPost("/import", async (ClaimsPrincipal user, ImportBaseModelRequest request, BaseModelImporter importer, CancellationToken cancellationToken) =>
            (await importer.ImportAsync(request.Path, request.Name, user.ActorName(), cancellationToken))
                .ToHttp(id => Results.Created($"/api/base-models/{id}", new { id })));
        return app;
    }
}

/// <summary>A Hugging Face model folder on the server's disk, and the name to register it under (default: the folder's name).</summary>
public sealed record ImportBaseModelRequest(string Path, string? Name);
