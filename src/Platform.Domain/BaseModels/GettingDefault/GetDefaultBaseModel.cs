using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.BaseModels.GettingDefault;

public sealed record GetDefaultBaseModel : IRequest<Result<DefaultBaseModel>>;

public sealed class GetDefaultBaseModelHandler(IQuerySession session) : IRequestHandler<GetDefaultBaseModel, Result<DefaultBaseModel>>
{
    public async Task<Result<DefaultBaseModel>> Handle(GetDefaultBaseModel query, CancellationToken cancellationToken) =>
        await session.LoadAsync<DefaultBaseModel>(DefaultBaseModel.StreamId, cancellationToken) is { } chosen
            ? chosen
            : Error.NotFound("No default base model has been chosen.");
}
