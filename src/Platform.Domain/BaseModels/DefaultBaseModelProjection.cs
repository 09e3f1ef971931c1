using Marten.Events.Aggregation;
using Platform.Domain.BaseModels.ChoosingDefault;

namespace Platform.Domain.BaseModels;

public sealed class DefaultBaseModelProjection : SingleStreamProjection<DefaultBaseModel, Guid>
{
    public static DefaultBaseModel Create(DefaultBaseModelChosen chosen) => From(chosen);

    public static DefaultBaseModel Apply(DefaultBaseModelChosen chosen, DefaultBaseModel _) => From(chosen);

    private static DefaultBaseModel From(DefaultBaseModelChosen chosen) => new()
    {
        Id = DefaultBaseModel.StreamId,
        BaseModelId = chosen.BaseModelId,
        Name = chosen.Name,
        ChosenBy = chosen.ChosenBy,
        ChosenAt = chosen.ChosenAt,
    };
}
