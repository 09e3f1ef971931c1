using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Runs.CancellingRun;

public sealed record RunCancelled(Guid RunId, string Reason, long? Step, string CancelledBy, DateTimeOffset CancelledAt);

/// <summary>
/// Stops a queued or running run. A running run's worker notices on its next status check and stops training.
/// Cancelling a cancelled run again changes nothing, so a retry is harmless.
/// </summary>
public sealed record CancelRun(Guid RunId, string Reason, string Actor) : IRequest<Result<RunSummary>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.RunExperiments;

    public static Result<IReadOnlyList<object>> Decide(RunSummary run, CancelRun command, DateTimeOffset now) =>
        run.Status == RunStatus.Cancelled
            ? Result<IReadOnlyList<object>>.Success([])
            : run.Require(RunStatus.Queued, RunStatus.Running) is { } error
                ? error
                : Result<IReadOnlyList<object>>.Success([new RunCancelled(run.Id, command.Reason, run.LastStep, command.Actor, now)]);
}

public sealed class CancelRunValidator : AbstractValidator<CancelRun>
{
    public CancelRunValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
}

public sealed class CancelRunHandler(IDocumentStore store, TimeProvider clock) : IRequestHandler<CancelRun, Result<RunSummary>>
{
    private const int Attempts = 5;

    public async Task<Result<RunSummary>> Handle(CancelRun command, CancellationToken cancellationToken)
    {
        // A running run's worker appends metrics every fraction of a second, and a worker may claim a queued
        // run at the same moment. Optimistic saves retried with pauses still lost to back-to-back flushes on a
        // loaded machine, so the cancel locks the stream (a flush waits, then finds the run cancelled); a
        // conflict that still slips in (a claim committing as the lock is taken) is decided again on the
        // fresh state, in a fresh session.
        Error? error;
        var attempt = 0;
        do
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = command.Actor;
            error = await session.AppendToRunAsync(command.RunId, run => CancelRun.Decide(run, command, clock.GetUtcNow()), cancellationToken, exclusive: true);
        }
        while (error is { Kind: ErrorKind.Conflict } && ++attempt < Attempts);

        await using var reader = store.QuerySession();
        return error ?? (Result<RunSummary>)(await reader.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
