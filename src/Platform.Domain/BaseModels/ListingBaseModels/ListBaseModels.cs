using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.BaseModels.ListingBaseModels;

public sealed record ListBaseModels : IRequest<Result<IReadOnlyList<BaseModelSummary>>>;

public sealed class ListBaseModelsHandler(IQuerySession session) : IRequestHandler<ListBaseModels, Result<IReadOnlyList<BaseModelSummary>>>
{
    public async Task<Result<IReadOnlyList<BaseModelSummary>>> Handle(ListBaseModels query, CancellationToken cancellationToken)
    {
        var models = await session.Query<BaseModelSummary>().OrderBy(m => m.Name).ThenBy(m => m.RegisteredAt).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<BaseModelSummary>>.Success(models);
    }
}
