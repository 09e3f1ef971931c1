using System.Security.Claims;
using MediatR;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.GettingAnnotatorProgress;
using Platform.Domain.Preferences.GettingAnnotatorStats;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.GettingModelStrengths;
using Platform.Domain.Preferences.GettingNextComparison;
using Platform.Domain.Preferences.GettingPreferenceSnapshot;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Preferences;

/// <summary>
/// The human-feedback API: comparisons, rankings, the annotation queue, preference snapshots and statistics.
/// Annotators reach only their queue and their rankings: model names and statistics stay with researchers.
/// </summary>
public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var comparisons = app.MapGroup("/api/comparisons").WithTags("Preferences");
        var reviewing = comparisons.MapGroup(string.Empty).RequirePermission(Permission.ViewExperiments);
        var creating = comparisons.MapGroup(string.Empty).RequirePermission(Permission.RunExperiments);
        var annotating = comparisons.MapGroup(string.Empty).RequirePermission(Permission.Annotate);

        creating.MapPost("/", async (ClaimsPrincipal user, CreateComparisonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(request.ToCommand(user.ActorName()), cancellationToken))
                .ToHttp(id => Results.Created($"/api/comparisons/{id}", new { id })));

        reviewing.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetComparison(id), cancellationToken)).ToHttp());

        annotating.MapPost("/{id:guid}/rankings", async (ClaimsPrincipal user, Guid id, SubmitRankingRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(request.ToCommand(id, user.ActorName()), cancellationToken))
                .ToHttp(rankingId => Results.Created($"/api/comparisons/{id}", new { id = rankingId })));

        annotating.MapPost("/{id:guid}/skip", async (ClaimsPrincipal user, Guid id, ReasonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new SkipComparison(id, request.Reason, user.ActorName()), cancellationToken)).ToHttp(_ => Results.NoContent()));

        annotating.MapPost("/{id:guid}/flag", async (ClaimsPrincipal user, Guid id, ReasonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new FlagComparison(id, request.Reason, user.ActorName()), cancellationToken)).ToHttp(_ => Results.NoContent()));

        var annotation = app.MapGroup("/api/annotation").WithTags("Preferences");
        var ownAnnotation = annotation.MapGroup(string.Empty).RequirePermission(Permission.Annotate);

        ownAnnotation.MapGet("/next", async (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken, string? batch) =>
            (await mediator.Send(new GetNextComparison(user.ActorName(), batch), cancellationToken)).ToHttp());

        ownAnnotation.MapGet("/progress", async (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetAnnotatorProgress(user.ActorName()), cancellationToken)).ToHttp());

        annotation.MapGet("/stats", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence) =>
            (await mediator.Send(new GetAnnotatorStats(upToSequence), cancellationToken)).ToHttp())
            .RequirePermission(Permission.ViewExperiments);

        var preferences = app.MapGroup("/api/preferences").WithTags("Preferences").RequirePermission(Permission.ViewExperiments);

        preferences.MapGet("/snapshot", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence) =>
            (await mediator.Send(new GetPreferenceSnapshot(upToSequence), cancellationToken)).ToHttp());

        preferences.MapGet("/model-strengths", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence, double? prior) =>
            (await mediator.Send(new GetModelStrengths(upToSequence, prior ?? GetModelStrengths.DefaultPrior), cancellationToken)).ToHttp());

        return app;
    }
}
