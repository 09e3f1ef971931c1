using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Experiments.CreatingExperiment;

public sealed record ExperimentCreated(
    Guid ExperimentId, string Name, string Question, string Task, Objective Objective, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Opens an experiment: a question about a task, answered by runs judged on one metric. Retryable by client command id.</summary>
public sealed record CreateExperiment(
    string Name, string Question, string Task, string Metric, OptimisationDirection Direction, string Actor, Guid? ClientCommandId = null)
    : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.RunExperiments;
}

public sealed class CreateExperimentValidator : AbstractValidator<CreateExperiment>
{
    public CreateExperimentValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Question).NotEmpty().MaximumLength(2000);
        RuleFor(c => c.Task).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Metric).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Direction).IsInEnum();
    }
}

public sealed class CreateExperimentHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateExperiment, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(CreateExperiment command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var experimentId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        session.Events.StartStream<ExperimentSummary>(experimentId, new ExperimentCreated(
            experimentId, command.Name.Trim(), command.Question.Trim(), command.Task.Trim(), new Objective(command.Metric.Trim(), command.Direction), command.Actor, now));
        session.RecordOutcome(command, experimentId, now);
        return await session.TrySaveNewStreamAsync(experimentId, "The same command was being processed concurrently; send it again to get its experiment.", cancellationToken);
    }
}
