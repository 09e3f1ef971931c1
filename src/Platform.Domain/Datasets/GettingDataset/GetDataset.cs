using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Datasets.GettingDataset;

public sealed record GetDataset(Guid DatasetId) : IRequest<Result<DatasetSummary>>;

public sealed class GetDatasetHandler(IQuerySession session) : IRequestHandler<GetDataset, Result<DatasetSummary>>
{
    public async Task<Result<DatasetSummary>> Handle(GetDataset query, CancellationToken cancellationToken) =>
        await session.LoadAsync<DatasetSummary>(query.DatasetId, cancellationToken) is { } dataset
            ? dataset
            : Error.NotFound($"Dataset {query.DatasetId} does not exist.");
}
