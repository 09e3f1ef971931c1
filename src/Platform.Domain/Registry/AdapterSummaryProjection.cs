using Marten.Events.Aggregation;
using Platform.Domain.Registry.ArchivingAdapter;
using Platform.Domain.Registry.RecordingAdapterEvidence;
using Platform.Domain.Registry.RegisteringAdapter;

namespace Platform.Domain.Registry;

/// <summary>Folds an adapter's own stream; inline, so a promotion or archive reads the adapter as of its last event.</summary>
public sealed class AdapterSummaryProjection : SingleStreamProjection<AdapterSummary, Guid>
{
    public static AdapterSummary Create(AdapterRegistered registered) => new()
    {
        Id = registered.AdapterId,
        Name = registered.Name,
        RunId = registered.RunId,
        Checkpoint = registered.Checkpoint,
        BaseModel = registered.BaseModel,
        Task = registered.Task,
        Method = registered.Method,
        Metrics = registered.Metrics,
        RegisteredBy = registered.RegisteredBy,
        RegisteredAt = registered.RegisteredAt,
    };

    public static AdapterSummary Apply(AdapterEvidenceRecorded recorded, AdapterSummary adapter) => adapter with
    {
        Evidence = [.. adapter.Evidence, new RecordedEvidence(recorded.Source, recorded.Metrics, recorded.HumanWinRate, recorded.RecordedBy, recorded.RecordedAt)],
    };

    public static AdapterSummary Apply(AdapterArchived archived, AdapterSummary adapter) => adapter with
    {
        Archived = true,
        ArchivedBy = archived.ArchivedBy,
        ArchivedAt = archived.ArchivedAt,
        ArchiveReason = archived.Reason,
    };
}
