namespace Platform.Domain.Lineage;

/// <summary>The node ids of the lineage graph, in one place so that edges and nodes always agree.</summary>
public static class LineageIds
{
    public static string DatasetVersion(Guid versionId) => $"dataset-version:{versionId}";

    public static string BaseModel(Guid baseModelId) => $"base-model:{baseModelId}";

    public static string Run(Guid runId) => $"run:{runId}";

    public static string Checkpoint(Guid runId, long step) => $"checkpoint:{runId}:{step}";

    public static string Adapter(Guid adapterId) => $"adapter:{adapterId}";

    public static string Alias(string alias) => $"alias:{alias}";

    public static string PreferenceSnapshot(long sequence) => $"preference-snapshot:{sequence}";
}
