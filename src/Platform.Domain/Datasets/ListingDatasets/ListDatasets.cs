using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Datasets.ListingDatasets;

public sealed record ListDatasets : IRequest<Result<IReadOnlyList<DatasetSummary>>>;

public sealed class ListDatasetsHandler(IQuerySession session) : IRequestHandler<ListDatasets, Result<IReadOnlyList<DatasetSummary>>>
{
    public async Task<Result<IReadOnlyList<DatasetSummary>>> Handle(ListDatasets query, CancellationToken cancellationToken)
    {
        var datasets = await session.Query<DatasetSummary>().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<DatasetSummary>>.Success(datasets);
    }
}
