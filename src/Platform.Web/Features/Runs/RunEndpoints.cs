using System.Security.Claims;
using MediatR;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.GettingRunEvents;
using Platform.Domain.Runs.GettingRunMetrics;
using Platform.Domain.Runs.ListingRuns;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Runs;

/// <summary>The runs API for scripts: the same commands and queries the pages send.</summary>
public static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        var changingRuns = runs.MapGroup(string.Empty).RequirePermission(Permission.RunExperiments);

        changingRuns.MapPost("/", async (ClaimsPrincipal user, StartRunRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new StartRun(request.ToConfig(), user.ActorName(), request.ClientCommandId, request.ExperimentId), cancellationToken))
                .ToHttp(id => Results.Created($"/api/runs/{id}", new { id })));

        runs.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken, int limit = 200) =>
            (await mediator.Send(new ListRuns(Math.Clamp(limit, 1, 1000)), cancellationToken)).ToHttp());

        runs.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetRun(id), cancellationToken)).ToHttp());

        runs.MapGet("/{id:guid}/events", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetRunEvents(id), cancellationToken)).ToHttp());

        runs.MapGet("/{id:guid}/metrics", async (Guid id, IMediator mediator, CancellationToken cancellationToken, long afterStep = -1) =>
            (await mediator.Send(new GetRunMetrics(id, afterStep), cancellationToken)).ToHttp());

        return app;
    }
}
