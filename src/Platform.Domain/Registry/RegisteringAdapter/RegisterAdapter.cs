using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.RegisteringAdapter;

public sealed record AdapterRegistered(
    Guid AdapterId,
    string Name,
    Guid RunId,
    AdapterCheckpoint Checkpoint,
    string BaseModel,
    string Task,
    string Method,
    IReadOnlyDictionary<string, double> Metrics,
    string RegisteredBy,
    DateTimeOffset RegisteredAt);

/// <summary>
/// Registers a checkpoint of a completed run as an adapter, naming the checkpoint by its step or its
/// path. The id follows from the run and the checkpoint's hash, so registering the same checkpoint
/// again returns the same adapter and appends nothing.
/// </summary>
public sealed record RegisterAdapter(
    Guid RunId,
    long? CheckpointStep,
    string? CheckpointPath,
    string Name,
    string BaseModel,
    string Task,
    string Method,
    string Actor,
    Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class RegisterAdapterValidator : AbstractValidator<RegisterAdapter>
{
    public RegisterAdapterValidator()
    {
        RuleFor(c => c.RunId).NotEmpty();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.BaseModel).MustBeRegistryName();
        RuleFor(c => c.Task).MustBeRegistryName();
        RuleFor(c => c.Method).NotEmpty().MaximumLength(100);
        RuleFor(c => c)
            .Must(c => c.CheckpointStep is null != string.IsNullOrWhiteSpace(c.CheckpointPath))
            .WithName("Checkpoint")
            .WithMessage("Name the checkpoint by its step or by its path (exactly one).");
    }
}

public sealed class RegisterAdapterHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RegisterAdapter, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RegisterAdapter command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        if (await session.LoadAsync<RunSummary>(command.RunId, cancellationToken) is not { } run)
        {
            return Error.NotFound($"Run {command.RunId} does not exist.");
        }

        if (run.Status != RunStatus.Completed)
        {
            return Error.Conflict($"Run {command.RunId} is {run.Status.ToString().ToLowerInvariant()}; only a completed run's checkpoints can become adapters.");
        }

        var checkpoints = (await session.Events.FetchStreamAsync(command.RunId, token: cancellationToken))
            .Select(e => e.Data)
            .OfType<CheckpointSaved>();
        var checkpoint = checkpoints.LastOrDefault(c => command.CheckpointStep is { } step ? c.Step == step : c.Path == command.CheckpointPath);
        if (checkpoint is null)
        {
            return Error.NotFound($"Run {command.RunId} saved no checkpoint {(command.CheckpointStep is { } s ? $"at step {s}" : $"at '{command.CheckpointPath}'")}.");
        }

        var adapterId = AdapterSummary.IdFor(command.RunId, checkpoint.Sha256);
        if (await session.LoadAsync<AdapterSummary>(adapterId, cancellationToken) is not null)
        {
            return adapterId;
        }

        var now = clock.GetUtcNow();
        session.Events.StartStream<AdapterSummary>(adapterId, new AdapterRegistered(
            adapterId,
            command.Name,
            command.RunId,
            new AdapterCheckpoint(checkpoint.Step, checkpoint.Path, checkpoint.Sha256, checkpoint.SizeBytes),
            command.BaseModel,
            command.Task,
            command.Method,
            run.FinalMetrics,
            command.Actor,
            now));
        session.RecordOutcome(command, adapterId, now);

        // A conflict here means the same checkpoint was registered concurrently: the same adapter either way.
        await session.TrySaveChangesAsync("registered concurrently", cancellationToken);
        return adapterId;
    }
}
