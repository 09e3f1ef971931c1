namespace Platform.Domain.Registry;

/// <summary>A measured value and where it came from (a run's final metrics, recorded evidence, …).</summary>
public sealed record EvidenceValue(double Value, string Source);

/// <summary>A retention metric measured on the base model and on the adapter; the gate's direction turns them into a regression.</summary>
public sealed record RetentionEvidence(double BaselineValue, double AdapterValue, string Source);

/// <summary>
/// Everything known about an adapter that promotion gates can check. Metrics are keyed by
/// "suite/metric"; retention is keyed by metric too, because each retention gate names the metric it guards.
/// </summary>
public sealed record PromotionEvidence(
    Guid AdapterId,
    IReadOnlyDictionary<string, EvidenceValue> Metrics,
    EvidenceValue? HumanWinRate,
    IReadOnlyDictionary<string, RetentionEvidence> Retention);
