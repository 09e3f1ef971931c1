using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs;

namespace Platform.Domain.Experiments.GettingExperiment;

/// <summary>An experiment with its runs, oldest first.</summary>
public sealed record ExperimentDetail(ExperimentSummary Experiment, IReadOnlyList<RunSummary> Runs);

public sealed record GetExperiment(Guid ExperimentId) : IRequest<Result<ExperimentDetail>>;

public sealed class GetExperimentHandler(IQuerySession session) : IRequestHandler<GetExperiment, Result<ExperimentDetail>>
{
    public async Task<Result<ExperimentDetail>> Handle(GetExperiment query, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ExperimentSummary>(query.ExperimentId, cancellationToken) is not { } experiment)
        {
            return Error.NotFound($"Experiment {query.ExperimentId} does not exist.");
        }

        var runs = await session.Query<RunSummary>()
            .Where(r => r.ExperimentId == query.ExperimentId)
            .OrderBy(r => r.QueuedAt)
            .ToListAsync(cancellationToken);
        return new ExperimentDetail(experiment, runs);
    }
}
