using MediatR;
using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.GettingAnnotatorProgress;
using Platform.Domain.Preferences.GettingAnnotatorStats;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.GettingModelStrengths;
using Platform.Domain.Preferences.GettingNextComparison;
using Platform.Domain.Preferences.GettingPreferenceSnapshot;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Preferences;

/// <summary>The human-feedback API: comparisons, rankings, the annotation queue, preference snapshots and statistics.</summary>
public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var comparisons = app.MapGroup("/api/comparisons").WithTags("Preferences");

        comparisons.MapPost("/", async (CreateComparisonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(request.ToCommand(CurrentUser.Name), cancellationToken))
                .ToHttp(id => Results.Created($"/api/comparisons/{id}", new { id })));

        comparisons.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetComparison(id), cancellationToken)).ToHttp());

        comparisons.MapPost("/{id:guid}/rankings", async (Guid id, SubmitRankingRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(request.ToCommand(id, CurrentUser.Name), cancellationToken))
                .ToHttp(rankingId => Results.Created($"/api/comparisons/{id}", new { id = rankingId })));

        comparisons.MapPost("/{id:guid}/skip", async (Guid id, ReasonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new SkipComparison(id, request.Reason, CurrentUser.Name), cancellationToken)).ToHttp(_ => Results.NoContent()));

        comparisons.MapPost("/{id:guid}/flag", async (Guid id, ReasonRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new FlagComparison(id, request.Reason, CurrentUser.Name), cancellationToken)).ToHttp(_ => Results.NoContent()));

        var annotation = app.MapGroup("/api/annotation").WithTags("Preferences");

        annotation.MapGet("/next", async (IMediator mediator, CancellationToken cancellationToken, string? batch) =>
            (await mediator.Send(new GetNextComparison(CurrentUser.Name, batch), cancellationToken)).ToHttp());

        annotation.MapGet("/progress", async (IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetAnnotatorProgress(CurrentUser.Name), cancellationToken)).ToHttp());

        annotation.MapGet("/stats", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence) =>
            (await mediator.Send(new GetAnnotatorStats(upToSequence), cancellationToken)).ToHttp());

        var preferences = app.MapGroup("/api/preferences").WithTags("Preferences");

        preferences.MapGet("/snapshot", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence) =>
            (await mediator.Send(new GetPreferenceSnapshot(upToSequence), cancellationToken)).ToHttp());

        preferences.MapGet("/model-strengths", async (IMediator mediator, CancellationToken cancellationToken, long? upToSequence, double? prior) =>
            (await mediator.Send(new GetModelStrengths(upToSequence, prior ?? GetModelStrengths.DefaultPrior), cancellationToken)).ToHttp());

        return app;
    }
}
