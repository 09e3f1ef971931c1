using Platform.Domain.Registry;

namespace Platform.Web.Features.Registry;

/// <summary>The body of POST /api/adapters: a completed run's checkpoint, named by step or by path.</summary>
public sealed record RegisterAdapterRequest(
    Guid RunId,
    long? CheckpointStep,
    string? CheckpointPath,
    string? Name,
    string? BaseModel,
    string? Task,
    string? Method,
    Guid? ClientCommandId);

/// <summary>The body of POST /api/aliases/{baseModel}/{task}/{alias}/promotions.</summary>
public sealed record PromoteAdapterRequest(Guid AdapterId, string? Reason, long? ExpectedVersion, Guid? ClientCommandId);

/// <summary>The body of POST /api/aliases/{baseModel}/{task}/{alias}/rollback.</summary>
public sealed record RollBackAliasRequest(string? Reason, long? ExpectedVersion);

/// <summary>The body of PUT /api/aliases/{baseModel}/{task}/{alias}/gates.</summary>
public sealed record ConfigureGatesRequest(IReadOnlyList<MetricGate>? Metrics, double? MinimumHumanWinRate, IReadOnlyList<RetentionGate>? Retention)
{
    public PromotionGates ToGates() => new() { Metrics = Metrics ?? [], MinimumHumanWinRate = MinimumHumanWinRate, Retention = Retention ?? [] };
}

/// <summary>The body of POST /api/adapters/{id}/archive.</summary>
public sealed record ArchiveAdapterRequest(string? Reason);

/// <summary>The body of POST /api/adapters/{id}/evidence.</summary>
public sealed record RecordEvidenceRequest(string? Source, IReadOnlyDictionary<string, double>? Metrics, double? HumanWinRate);
