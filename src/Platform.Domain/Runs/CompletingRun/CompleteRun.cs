using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.CompletingRun;

public sealed record RunCompleted(Guid RunId, IReadOnlyDictionary<string, double> FinalMetrics, DateTimeOffset CompletedAt);

public sealed record CompleteRun(Guid RunId, IReadOnlyDictionary<string, double> FinalMetrics) : IRequest<Result<RunSummary>>;

public sealed class CompleteRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CompleteRun, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(CompleteRun command, CancellationToken cancellationToken)
    {
        var error = await session.AppendToRunningRunAsync(command.RunId, new RunCompleted(command.RunId, command.FinalMetrics, clock.GetUtcNow()), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return (await session.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
