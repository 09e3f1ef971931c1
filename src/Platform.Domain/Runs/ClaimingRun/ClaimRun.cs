using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.ClaimingRun;

public sealed record RunStarted(Guid RunId, string Worker, string Host, DateTimeOffset StartedAt);

/// <summary>
/// A worker takes a queued run. The append carries the stream version the worker read, so of two
/// workers claiming the same run exactly one succeeds; the other gets a conflict.
/// </summary>
public sealed record ClaimRun(Guid RunId, string Worker) : IRequest<Result<RunSummary>>;

public sealed class ClaimRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ClaimRun, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(ClaimRun command, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<RunSummary>(command.RunId, cancellationToken);
        if (stream.Aggregate is not { } run)
        {
            return Error.NotFound($"Run {command.RunId} does not exist.");
        }

        if (run.Status != RunStatus.Queued)
        {
            return Error.Conflict($"Run {command.RunId} is {run.Status.ToString().ToLowerInvariant()}, not queued.");
        }

        stream.AppendOne(new RunStarted(command.RunId, command.Worker, Environment.MachineName, clock.GetUtcNow()));
        if (await session.TrySaveChangesAsync($"Run {command.RunId} was claimed by another worker.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return (await session.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
