using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs.LoggingMetrics;

namespace Platform.Domain.Runs.GettingRunMetrics;

/// <summary>Every metric point of a run in step order, optionally only those after a step (for live charts).</summary>
public sealed record GetRunMetrics(Guid RunId, long AfterStep = -1) : IRequest<Result<IReadOnlyList<MetricPoint>>>;

public sealed class GetRunMetricsHandler(IQuerySession session) : IRequestHandler<GetRunMetrics, Result<IReadOnlyList<MetricPoint>>>
{
    public async Task<Result<IReadOnlyList<MetricPoint>>> Handle(GetRunMetrics query, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<RunSummary>(query.RunId, cancellationToken) is null)
        {
            return Error.NotFound($"Run {query.RunId} does not exist.");
        }

        var batches = await session.Events.QueryRawEventDataOnly<MetricsLogged>()
            .Where(e => e.RunId == query.RunId)
            .ToListAsync(cancellationToken);
        return batches
            .SelectMany(b => b.Points)
            .Where(p => p.Step > query.AfterStep)
            .OrderBy(p => p.Step)
            .ToList();
    }
}
