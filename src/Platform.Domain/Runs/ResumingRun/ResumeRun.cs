using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Runs.ResumingRun;

/// <summary>The run is queued again; the worker that claims it continues from <paramref name="FromCheckpoint"/> (the weights file of step <paramref name="FromStep"/>).</summary>
public sealed record RunResumed(Guid RunId, string FromCheckpoint, long FromStep, string ResumedBy, DateTimeOffset ResumedAt);

/// <summary>Queues a failed or cancelled run again from its last checkpoint. Retryable by client command id.</summary>
public sealed record ResumeRun(Guid RunId, string Actor, Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.RunExperiments;

    public static Result<IReadOnlyList<object>> Decide(RunSummary run, ResumeRun command, DateTimeOffset now)
    {
        if (run.Require(RunStatus.Failed, RunStatus.Cancelled) is { } error)
        {
            return error;
        }

        return run.LastCheckpoint is { } checkpoint
            ? Result<IReadOnlyList<object>>.Success([new RunResumed(run.Id, checkpoint.Path, checkpoint.Step, command.Actor, now)])
            : Error.Conflict($"Run {run.Id} saved no checkpoint to resume from; start a new run instead.");
    }
}

public sealed class ResumeRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ResumeRun, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(ResumeRun command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var now = clock.GetUtcNow();
        session.RecordOutcome(command, command.RunId, now);
        var error = await session.AppendToRunAsync(command.RunId, run => ResumeRun.Decide(run, command, now), cancellationToken);
        return error ?? (Result<Guid>)command.RunId;
    }
}
