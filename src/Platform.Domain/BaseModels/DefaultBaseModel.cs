namespace Platform.Domain.BaseModels;

/// <summary>The base model new runs start from unless they name another; one well-known stream holds the choice and its history.</summary>
public sealed record DefaultBaseModel
{
    public static readonly Guid StreamId = new("6f1d6c52-3d6e-4a43-9b8e-000000000001");

    public Guid Id { get; init; }

    public long Version { get; set; }

    public Guid BaseModelId { get; init; }

    public required string Name { get; init; }

    public required string ChosenBy { get; init; }

    public DateTimeOffset ChosenAt { get; init; }
}
