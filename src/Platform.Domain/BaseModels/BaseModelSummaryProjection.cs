using Marten.Events.Aggregation;
using Platform.Domain.BaseModels.RegisteringBaseModel;

namespace Platform.Domain.BaseModels;

public sealed class BaseModelSummaryProjection : SingleStreamProjection<BaseModelSummary, Guid>
{
    public static BaseModelSummary Create(BaseModelRegistered registered) => new()
    {
        Id = registered.BaseModelId,
        Name = registered.Name,
        Architecture = registered.Architecture,
        Parameters = registered.Parameters,
        VocabularySize = registered.VocabularySize,
        ContextLength = registered.ContextLength,
        Tokenizer = registered.Tokenizer,
        Path = registered.Path,
        Sha256 = registered.Sha256,
        Card = registered.Card,
        Metrics = registered.Metrics,
        RegisteredBy = registered.RegisteredBy,
        RegisteredAt = registered.RegisteredAt,
    };
}
