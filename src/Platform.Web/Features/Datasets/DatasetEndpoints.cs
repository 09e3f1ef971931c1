using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Platform.Domain.Common;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.GettingDataset;
using Platform.Domain.Datasets.GettingDatasetVersion;
using Platform.Domain.Datasets.ListingDatasets;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Training.Data.Importers;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Datasets;

/// <summary>The datasets API: register, upload versions (multipart), import built-in corpora, read.</summary>
public static class DatasetEndpoints
{
    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/datasets").WithTags("Datasets");
        var changingDatasets = datasets.MapGroup(string.Empty).RequirePermission(Permission.ManageData);

        changingDatasets.MapPost("/", async (ClaimsPrincipal user, RegisterDatasetRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new RegisterDataset(request.Name, request.TaskKind, request.Description ?? string.Empty, user.ActorName()), cancellationToken))
                .ToHttp(id => Results.Created($"/api/datasets/{id}", new { id })));

        // A script posts the file as multipart form data; every bad line comes back as its own entry of the problem's errors.
        changingDatasets.MapPost("/{id:guid}/versions", async (ClaimsPrincipal user, 
                Guid id,
                IFormFile file,
                [FromForm] DatasetFileFormat? format,
                [FromForm] double? validationFraction,
                [FromForm] double? testFraction,
                [FromForm] int? seed,
                [FromForm] string? splitColumn,
                [FromForm] Guid? clientCommandId,
                IMediator mediator,
                CancellationToken cancellationToken) =>
            {
                if ((format ?? DatasetUploads.FormatOf(file.FileName)) is not { } declared)
                {
                    return Result<Guid>.Fail(new Error(ErrorKind.Validation, "Name the format (jsonl, csv or parquet) or use a .jsonl, .csv or .parquet file name.", "format")).ToHttp();
                }

                await using var content = file.OpenReadStream();
                var upload = await DatasetUploads.BufferAsync(file.FileName, declared, content, cancellationToken);
                var defaults = new SplitSpec();
                var split = new SplitSpec(validationFraction ?? defaults.ValidationFraction, testFraction ?? defaults.TestFraction, seed ?? defaults.Seed, splitColumn);
                return (await mediator.Send(new AddDatasetVersion(id, upload, split, user.ActorName(), clientCommandId), cancellationToken))
                    .ToHttp(versionId => Results.Created($"/api/datasets/{id}", new { id = versionId }));
            })
            .DisableAntiforgery();

        changingDatasets.MapPost("/import/{importer}", async (ClaimsPrincipal user, string importer, IServiceScopeFactory scopes, CancellationToken cancellationToken) =>
            (await scopes.ImportAsync(importer, user.ActorName(), cancellationToken))
                .ToHttp(ids => Results.Created($"/api/datasets/{ids.DatasetId}", new { id = ids.DatasetId, versionId = ids.VersionId })));

        datasets.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ListDatasets(), cancellationToken)).ToHttp());

        datasets.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetDataset(id), cancellationToken)).ToHttp());

        datasets.MapGet("/{id:guid}/versions/{number:int}", async (Guid id, int number, IMediator mediator, CancellationToken cancellationToken, int preview = 20) =>
            (await mediator.Send(new GetDatasetVersion(id, number, preview), cancellationToken)).ToHttp());

        return app;
    }
}
