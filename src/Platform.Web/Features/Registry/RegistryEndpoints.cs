using System.Security.Claims;
using MediatR;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ArchivingAdapter;
using Platform.Domain.Registry.ConfiguringPromotionGates;
using Platform.Domain.Registry.GettingAlias;
using Platform.Domain.Registry.GettingAliasHistory;
using Platform.Domain.Registry.GettingPromotionEvidence;
using Platform.Domain.Registry.ListingAdapters;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RecordingAdapterEvidence;
using Platform.Domain.Registry.RegisteringAdapter;
using Platform.Domain.Registry.RollingBackAlias;
using Platform.Domain.Users;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure;

namespace Platform.Web.Features.Registry;

/// <summary>The adapter registry API: adapters, and aliases per base model and task with gates, promotions and rollbacks.</summary>
public static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var adapters = app.MapGroup("/api/adapters").WithTags("Registry");
        var changingAdapters = adapters.MapGroup(string.Empty).RequirePermission(Permission.Promote);

        adapters.MapGet("/", async (IMediator mediator, CancellationToken cancellationToken, string? baseModel = null, string? task = null, bool includeArchived = true, int limit = 200) =>
            (await mediator.Send(new ListAdapters(baseModel, task, includeArchived, Math.Clamp(limit, 1, 1000)), cancellationToken)).ToHttp());

        // 200 rather than 201: registering a checkpoint that is already an adapter answers the same adapter.
        changingAdapters.MapPost("/", async (ClaimsPrincipal user, RegisterAdapterRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(
                new RegisterAdapter(
                    request.RunId, request.CheckpointStep, request.CheckpointPath, request.Name ?? string.Empty, request.BaseModel ?? string.Empty,
                    request.Task ?? string.Empty, request.Method ?? string.Empty, user.ActorName(), request.ClientCommandId),
                cancellationToken)).ToHttp(id => Results.Ok(new { id })));

        adapters.MapGet("/{id:guid}/evidence", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetPromotionEvidence(id), cancellationToken)).ToHttp());

        changingAdapters.MapPost("/{id:guid}/evidence", async (ClaimsPrincipal user, Guid id, RecordEvidenceRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(
                new RecordAdapterEvidence(id, request.Source ?? string.Empty, request.Metrics ?? new Dictionary<string, double>(), request.HumanWinRate, user.ActorName()),
                cancellationToken)).ToHttp());

        changingAdapters.MapPost("/{id:guid}/archive", async (ClaimsPrincipal user, Guid id, ArchiveAdapterRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ArchiveAdapter(id, request.Reason ?? string.Empty, user.ActorName()), cancellationToken)).ToHttp(archived => Results.Ok(new { id = archived })));

        var aliases = app.MapGroup("/api/aliases/{baseModel}/{task}/{alias}").WithTags("Registry");

        var changingAliases = aliases.MapGroup(string.Empty).RequirePermission(Permission.Promote);

        aliases.MapGet("/", async (string baseModel, string task, string alias, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetAlias(new AliasKey(baseModel, task, alias)), cancellationToken)).ToHttp());

        aliases.MapGet("/history", async (string baseModel, string task, string alias, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new GetAliasHistory(new AliasKey(baseModel, task, alias)), cancellationToken)).ToHttp());

        changingAliases.MapPut("/gates", async (ClaimsPrincipal user, string baseModel, string task, string alias, ConfigureGatesRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(new ConfigurePromotionGates(new AliasKey(baseModel, task, alias), request.ToGates(), user.ActorName()), cancellationToken)).ToHttp());

        changingAliases.MapPost("/promotions", async (ClaimsPrincipal user, string baseModel, string task, string alias, PromoteAdapterRequest request, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var key = new AliasKey(baseModel, task, alias);
            var promoted = await mediator.Send(
                new PromoteAdapter(key, request.AdapterId, request.Reason ?? string.Empty, user.ActorName(), request.ExpectedVersion, request.ClientCommandId),
                cancellationToken);
            return promoted.IsSuccess ? (await mediator.Send(new GetAlias(key), cancellationToken)).ToHttp() : promoted.ToHttp();
        });

        changingAliases.MapPost("/rollback", async (ClaimsPrincipal user, string baseModel, string task, string alias, RollBackAliasRequest request, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var key = new AliasKey(baseModel, task, alias);
            var rolledBack = await mediator.Send(new RollBackAlias(key, request.Reason ?? string.Empty, user.ActorName(), request.ExpectedVersion), cancellationToken);
            return rolledBack.IsSuccess ? (await mediator.Send(new GetAlias(key), cancellationToken)).ToHttp() : rolledBack.ToHttp();
        });

        return app;
    }
}
