using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Runs.RecordingEvaluation;

public sealed record EvaluationRecorded(
    Guid RunId, string Suite, string Split, IReadOnlyDictionary<string, double> Metrics, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Records an evaluation of a running or completed run on a suite's split (workers act as the platform; evaluators as themselves).</summary>
public sealed record RecordEvaluation(Guid RunId, string Suite, string Split, IReadOnlyDictionary<string, double> Metrics, string Actor)
    : IRequest<Result<RunSummary>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.RunExperiments;

    public static Result<IReadOnlyList<object>> Decide(RunSummary run, RecordEvaluation command, DateTimeOffset now) =>
        run.Require(RunStatus.Running, RunStatus.Completed) is { } error
            ? error
            : Result<IReadOnlyList<object>>.Success([new EvaluationRecorded(run.Id, command.Suite, command.Split, command.Metrics, command.Actor, now)]);
}

public sealed class RecordEvaluationValidator : AbstractValidator<RecordEvaluation>
{
    public RecordEvaluationValidator()
    {
        RuleFor(c => c.Suite).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Split).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Metrics).NotEmpty();
        RuleForEach(c => c.Metrics).Must(m => !string.IsNullOrWhiteSpace(m.Key) && double.IsFinite(m.Value))
            .WithMessage("Each metric has a name and a finite value.");
    }
}

public sealed class RecordEvaluationHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RecordEvaluation, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(RecordEvaluation command, CancellationToken cancellationToken)
    {
        var error = await session.AppendToRunAsync(command.RunId, run => RecordEvaluation.Decide(run, command, clock.GetUtcNow()), cancellationToken);
        return error ?? (Result<RunSummary>)(await session.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
