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
    private const int Attempts = 10;

    public async Task<Result<RunSummary>> Handle(CancelRun command, CancellationToken cancellationToken)
    {
        // A running run's worker appends metrics every fraction of a second, so a cancel often loses the
        // version race; the decision is made again on the fresh state, in a fresh session, rather than
        // bouncing the user.
        Error? error;
        var attempt = 0;
        do
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = command.Actor;
            error = await session.AppendToRunAsync(command.RunId, run => CancelRun.Decide(run, command, clock.GetUtcNow()), cancellationToken);
            if (error is { Kind: ErrorKind.Conflict } && attempt + 1 < Attempts)
            {
                // A random pause, growing with each attempt, lets the cancel fall between two metric flushes.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) * (attempt + 1)), cancellationToken);
            }
        }
        while (error is { Kind: ErrorKind.Conflict } && ++attempt < Attempts);

        await using var reader = store.QuerySession();
        return error ?? (Result<RunSummary>)(await reader.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
