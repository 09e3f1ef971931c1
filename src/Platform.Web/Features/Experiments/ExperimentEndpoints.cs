using System.Security.Claims;
using MediatR;
using Platform.Domain.Experiments;
using Platform.Domain.Experiments.CreatingExperiment;
using Platform.Domain.Experiments.GettingExperiment;
using Platform.Domain.Experiments.ListingExperiments;
using Platform.Domain.Experiments.StartingSweep;
using Platform.Domain.Leaderboard;
using Platform.Domain.Leaderboard.GettingLeaderboard;
using Platform.Domain.Leaderboard.GettingLeaderboardAsOf;
using Platform.Domain.Runs;
using Platform.Domain.Runs.CancellingRun;
using Platform.Domain.Runs.GettingRunAt;
using Platform.Domain.Runs.GettingRunTimeline;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Domain.Runs.ResumingRun;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Experiments;

public sealed record CreateExperimentRequest(string Name, string Question, string Task, string Metric, OptimisationDirection Direction, Guid? ClientCommandId = null);

public sealed record StartSweepRequest(RunConfig BaseConfig, SweepSpec Spec, Guid? ClientCommandId = null);

public sealed record CancelRunRequest(string Reason);

public sealed record RecordEvaluationRequest(string Suite, string Split, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The experiments, run lifecycle, replay and leaderboard API: the same commands and queries pages send.</summary>
public static class ExperimentEndpoints
{
    public static IEndpointRouteBuilder MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/experiments").WithTags("Experiments");
        var changingExperiments = experiments.MapGroup(string.Empty).RequirePermission(Permission.RunExperiments);
        changingExperiments.MapPost("/", async (ClaimsPrincipal user, CreateExperimentRequest r, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new CreateExperiment(r.Name, r.Question, r.Task, r.Metric, r.Direction, user.ActorName(), r.ClientCommandId), ct))
                .ToHttp(id => Results.Created($"/api/experiments/{id}", new { id })));
        experiments.MapGet("/", async (IMediator mediator, CancellationToken ct, int limit = 200) =>
            (await mediator.Send(new ListExperiments(Math.Clamp(limit, 1, 1000)), ct)).ToHttp());
        experiments.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new GetExperiment(id), ct)).ToHttp());
        changingExperiments.MapPost("/{id:guid}/sweeps", async (ClaimsPrincipal user, Guid id, StartSweepRequest r, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new StartSweep(id, r.BaseConfig, r.Spec, user.ActorName(), r.ClientCommandId), ct))
                .ToHttp(sweepId => Results.Created($"/api/experiments/{id}", new { sweepId })));

        var runs = app.MapGroup("/api/runs").WithTags("Runs");

        var changingRuns = runs.MapGroup(string.Empty).RequirePermission(Permission.RunExperiments);
        changingRuns.MapPost("/{id:guid}/cancel", async (ClaimsPrincipal user, Guid id, CancelRunRequest r, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new CancelRun(id, r.Reason, user.ActorName()), ct)).ToHttp());
        changingRuns.MapPost("/{id:guid}/resume", async (ClaimsPrincipal user, Guid id, IMediator mediator, CancellationToken ct, Guid? clientCommandId = null) =>
            (await mediator.Send(new ResumeRun(id, user.ActorName(), clientCommandId), ct)).ToHttp(runId => Results.Accepted($"/api/runs/{runId}", new { id = runId })));
        changingRuns.MapPost("/{id:guid}/evaluations", async (ClaimsPrincipal user, Guid id, RecordEvaluationRequest r, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new RecordEvaluation(id, r.Suite, r.Split, r.Metrics, user.ActorName()), ct)).ToHttp());
        runs.MapGet("/{id:guid}/timeline", async (Guid id, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new GetRunTimeline(id), ct)).ToHttp());
        runs.MapGet("/{id:guid}/at/{version:long}", async (Guid id, long version, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new GetRunAt(id, version), ct)).ToHttp());

        var leaderboard = app.MapGroup("/api/leaderboard").WithTags("Leaderboard");
        leaderboard.MapGet("/", async (
            string task, string suite, string metric, IMediator mediator, CancellationToken ct,
            string? split = null, string? method = null, Guid? experimentId = null, double? maxTrainableShare = null,
            LeaderboardSort sort = LeaderboardSort.Best, bool descending = false, int skip = 0, int take = 50) =>
            (await mediator.Send(new GetLeaderboard(
                task, suite, metric,
                new LeaderboardFilter { Split = split, Method = method, ExperimentId = experimentId, MaxTrainableParameterShare = maxTrainableShare },
                sort, descending, skip, take), ct)).ToHttp());
        leaderboard.MapGet("/as-of", async (string task, string suite, string metric, DateTimeOffset at, IMediator mediator, CancellationToken ct, int take = 50) =>
            (await mediator.Send(new GetLeaderboardAsOf(task, suite, metric, at, Math.Clamp(take, 1, 500)), ct)).ToHttp());
        return app;
    }
}
