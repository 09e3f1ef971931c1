using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.BaseModels.ChoosingDefault;

public sealed record DefaultBaseModelChosen(Guid BaseModelId, string Name, Guid? PreviousBaseModelId, string ChosenBy, DateTimeOffset ChosenAt);

/// <summary>Makes a registered base model the default; choosing the current default again appends nothing.</summary>
public sealed record ChooseDefaultBaseModel(Guid BaseModelId, string Actor) : IRequest<Result<DefaultBaseModel>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageData;
}

public sealed class ChooseDefaultBaseModelHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ChooseDefaultBaseModel, Result<DefaultBaseModel>>
{
    public async Task<Result<DefaultBaseModel>> Handle(ChooseDefaultBaseModel command, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<BaseModelSummary>(command.BaseModelId, cancellationToken) is not { } model)
        {
            return Error.NotFound($"Base model {command.BaseModelId} is not registered.");
        }

        var stream = await session.Events.FetchForWriting<DefaultBaseModel>(DefaultBaseModel.StreamId, cancellationToken);
        if (stream.Aggregate is { } current && current.BaseModelId == model.Id)
        {
            return current;
        }

        var chosen = new DefaultBaseModelChosen(model.Id, model.Name, stream.Aggregate?.BaseModelId, command.Actor, clock.GetUtcNow());
        stream.AppendOne(chosen);
        return await session.TrySaveChangesAsync("The default base model changed concurrently; reload and retry.", cancellationToken) is { } conflict
            ? conflict
            : DefaultBaseModelProjection.Create(chosen);
    }
}
