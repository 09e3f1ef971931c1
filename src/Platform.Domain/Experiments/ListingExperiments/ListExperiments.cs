using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Experiments.ListingExperiments;

/// <summary>The newest experiments first.</summary>
public sealed record ListExperiments(int Limit = 200) : IRequest<Result<IReadOnlyList<ExperimentSummary>>>;

public sealed class ListExperimentsHandler(IQuerySession session) : IRequestHandler<ListExperiments, Result<IReadOnlyList<ExperimentSummary>>>
{
    public async Task<Result<IReadOnlyList<ExperimentSummary>>> Handle(ListExperiments query, CancellationToken cancellationToken)
    {
        var experiments = await session.Query<ExperimentSummary>()
            .OrderByDescending(e => e.CreatedAt)
            .Take(query.Limit)
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<ExperimentSummary>>.Success(experiments);
    }
}
