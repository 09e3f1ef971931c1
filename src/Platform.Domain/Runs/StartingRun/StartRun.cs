using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Users;

namespace Platform.Domain.Runs.StartingRun;

/// <param name="ExperimentId">The experiment the run belongs to, with its task and objective resolved at queue time.</param>
/// <param name="CodeVersion">The git commit of the code that queued the run (see <see cref="Common.CodeVersion"/>).</param>
/// <param name="SweepId">The sweep that generated the run, if any.</param>
public sealed record RunQueued(
    Guid RunId,
    RunConfig Config,
    string QueuedBy,
    DateTimeOffset QueuedAt,
    Guid? ExperimentId = null,
    string? Task = null,
    Objective? Objective = null,
    string CodeVersion = Common.CodeVersion.Unknown,
    Guid? SweepId = null);

/// <summary>Queues a training run; a worker claims it later. A retry with the same client command id returns the same run.</summary>
public sealed record StartRun(RunConfig Config, string Actor, Guid? ClientCommandId = null, Guid? ExperimentId = null)
    : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.RunExperiments;
}

public sealed class StartRunValidator : AbstractValidator<StartRun>
{
    public StartRunValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.Config).NotNull().SetValidator(new RunConfigValidator());
    }
}

public sealed class StartRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<StartRun, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(StartRun command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        ExperimentSummary? experiment = null;
        if (command.ExperimentId is { } experimentId && (experiment = await session.LoadAsync<ExperimentSummary>(experimentId, cancellationToken)) is null)
        {
            return new Error(ErrorKind.Validation, $"Experiment {experimentId} does not exist.", nameof(StartRun.ExperimentId));
        }

        if (await session.CheckReferencesAsync(command.Config, "Config", cancellationToken) is { } unknownReference)
        {
            return unknownReference;
        }

        // A retried command names its run by its client command id, so concurrent retries collide on the stream
        // itself (one wins, the others get a conflict), whatever the timing of their outcome records.
        var runId = command.ClientCommandId ?? Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        session.Events.StartStream<RunSummary>(
            runId,
            new RunQueued(runId, command.Config, command.Actor, now, experiment?.Id, experiment?.Task, experiment?.Objective, CodeVersion.Current));
        session.RecordOutcome(command, runId, now);
        return await session.TrySaveNewStreamAsync(runId, "The same command was being processed concurrently; send it again to get its run.", cancellationToken);
    }
}
