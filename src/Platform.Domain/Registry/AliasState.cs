namespace Platform.Domain.Registry;

public enum AliasChange
{
    GatesConfigured,
    Promoted,
    RolledBack,
}

/// <summary>One change of an alias, as the audit trail shows it: who, why, when, and what the gates said.</summary>
public sealed record AliasHistoryEntry
{
    public long Version { get; init; }

    public AliasChange Change { get; init; }

    /// <summary>The adapter holding the alias after this change (null when the change only set gates on an empty alias).</summary>
    public Guid? AdapterId { get; init; }

    /// <summary>The adapter that held the alias before this change.</summary>
    public Guid? PreviousAdapterId { get; init; }

    public required string By { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset At { get; init; }

    public IReadOnlyList<GateResult> GateResults { get; init; } = [];

    public PromotionGates? Gates { get; init; }
}

/// <summary>
/// An alias (e.g. production for one base model and task): the one adapter holding it, its gates and
/// its full history. <see cref="Lineage"/> is what rollback walks back through.
/// </summary>
public sealed record AliasState
{
    public Guid Id { get; init; }

    /// <summary>The alias stream's version; a promotion may name it to act only on what it has seen.</summary>
    public long Version { get; set; }

    public required AliasKey Key { get; init; }

    public Guid? CurrentAdapterId { get; init; }

    public PromotionGates Gates { get; init; } = PromotionGates.None;

    /// <summary>Adapters promoted and not rolled back, oldest first; the last one is current, the one before it is where a rollback goes.</summary>
    public IReadOnlyList<Guid> Lineage { get; init; } = [];

    public IReadOnlyList<AliasHistoryEntry> History { get; init; } = [];
}
