using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Users;

namespace Platform.Domain.Experiments.StartingSweep;

/// <summary>Appended to the experiment's stream in the same unit of work as the RunQueued of every run it lists.</summary>
public sealed record SweepQueued(
    Guid ExperimentId, Guid SweepId, RunConfig BaseConfig, SweepSpec Spec, IReadOnlyList<Guid> RunIds, string QueuedBy, DateTimeOffset QueuedAt);

/// <summary>Queues a grid or random search over a base config under one experiment: all its runs, or none. Retryable.</summary>
public sealed record StartSweep(Guid ExperimentId, RunConfig BaseConfig, SweepSpec Spec, string Actor, Guid? ClientCommandId = null)
    : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.RunExperiments;
}

public sealed class StartSweepValidator : AbstractValidator<StartSweep>
{
    public StartSweepValidator()
    {
        var configs = new RunConfigValidator();
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.Spec).NotNull();
        RuleFor(c => c.Spec.Strategy).IsInEnum().When(c => c.Spec is not null);
        RuleFor(c => c.BaseConfig).NotNull().SetValidator(configs);
        // Each generated config must pass the same rules as a run queued alone; checked only once the
        // base config passes, so one mistake in it is reported once, not once per run.
        RuleFor(c => c).Custom((command, context) =>
        {
            if (command.BaseConfig is null || command.Spec?.Options is null || !configs.Validate(command.BaseConfig).IsValid)
            {
                return;
            }

            var plan = SweepPlan.Expand(command.BaseConfig, command.Spec);
            if (!plan.IsSuccess)
            {
                plan.Errors.ToList().ForEach(e => context.AddFailure(e.Field ?? nameof(StartSweep.Spec), e.Message));
                return;
            }

            foreach (var (run, index) in plan.Value.Select((run, index) => (run, index)))
            {
                foreach (var failure in configs.Validate(run.Config).Errors)
                {
                    context.AddFailure($"Runs[{index}].{failure.PropertyName}", $"Run {index + 1} ({string.Join(", ", run.Assignment.Select(a => $"{a.Key}={a.Value}"))}): {failure.ErrorMessage}");
                }
            }
        });
    }
}

public sealed class StartSweepHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<StartSweep, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(StartSweep command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var experiment = await session.Events.FetchForWriting<ExperimentSummary>(command.ExperimentId, cancellationToken);
        if (experiment.Aggregate is not { } summary)
        {
            return Error.NotFound($"Experiment {command.ExperimentId} does not exist.");
        }

        if (await session.CheckReferencesAsync(command.BaseConfig, "BaseConfig", cancellationToken) is { } unknownReference)
        {
            return unknownReference;
        }

        var runs = SweepPlan.Expand(command.BaseConfig, command.Spec).Value;
        var sweepId = Guid.CreateVersion7();
        var runIds = runs.Select(_ => Guid.CreateVersion7()).ToList();
        var now = clock.GetUtcNow();
        experiment.AppendOne(new SweepQueued(summary.Id, sweepId, command.BaseConfig, command.Spec, runIds, command.Actor, now));
        foreach (var (run, runId) in runs.Zip(runIds))
        {
            session.Events.StartStream<RunSummary>(
                runId, new RunQueued(runId, run.Config, command.Actor, now, summary.Id, summary.Task, summary.Objective, CodeVersion.Current, sweepId));
        }

        session.RecordOutcome(command, sweepId, now);
        return await session.TrySaveNewStreamAsync(sweepId, $"Experiment {summary.Id} changed concurrently, or the same sweep was being queued; send it again.", cancellationToken);
    }
}
