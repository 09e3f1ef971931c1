using JasperFx.Events;
using Marten.Events.Aggregation;
using Platform.Domain.Registry.ConfiguringPromotionGates;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RollingBackAlias;

namespace Platform.Domain.Registry;

/// <summary>
/// Folds an alias stream; inline, so the adapter holding an alias is known in the same transaction that
/// changed it (archiving reads it). An alias starts with its gates or with its first promotion.
/// </summary>
public sealed class AliasStateProjection : SingleStreamProjection<AliasState, Guid>
{
    public static AliasState Create(IEvent<PromotionGatesConfigured> configured) =>
        Apply(configured, new AliasState { Id = configured.Data.AliasId, Key = configured.Data.Alias });

    public static AliasState Create(IEvent<AdapterPromoted> promoted) =>
        Apply(promoted, new AliasState { Id = promoted.Data.AliasId, Key = promoted.Data.Alias });

    public static AliasState Apply(IEvent<PromotionGatesConfigured> configured, AliasState alias) => alias with
    {
        Gates = configured.Data.Gates,
        History =
        [
            .. alias.History,
            new AliasHistoryEntry
            {
                Version = configured.Version,
                Change = AliasChange.GatesConfigured,
                AdapterId = alias.CurrentAdapterId,
                PreviousAdapterId = alias.CurrentAdapterId,
                By = configured.Data.ConfiguredBy,
                At = configured.Data.ConfiguredAt,
                Gates = configured.Data.Gates,
            },
        ],
    };

    public static AliasState Apply(IEvent<AdapterPromoted> promoted, AliasState alias) => alias with
    {
        CurrentAdapterId = promoted.Data.AdapterId,
        Lineage = [.. alias.Lineage, promoted.Data.AdapterId],
        History =
        [
            .. alias.History,
            new AliasHistoryEntry
            {
                Version = promoted.Version,
                Change = AliasChange.Promoted,
                AdapterId = promoted.Data.AdapterId,
                PreviousAdapterId = promoted.Data.PreviousAdapterId,
                By = promoted.Data.PromotedBy,
                Reason = promoted.Data.Reason,
                At = promoted.Data.PromotedAt,
                GateResults = promoted.Data.GateResults,
            },
        ],
    };

    public static AliasState Apply(IEvent<AdapterRolledBack> rolledBack, AliasState alias) => alias with
    {
        CurrentAdapterId = rolledBack.Data.ToAdapterId,
        Lineage = alias.Lineage.Take(alias.Lineage.Count - 1).ToList(),
        History =
        [
            .. alias.History,
            new AliasHistoryEntry
            {
                Version = rolledBack.Version,
                Change = AliasChange.RolledBack,
                AdapterId = rolledBack.Data.ToAdapterId,
                PreviousAdapterId = rolledBack.Data.FromAdapterId,
                By = rolledBack.Data.RolledBackBy,
                Reason = rolledBack.Data.Reason,
                At = rolledBack.Data.RolledBackAt,
            },
        ],
    };
}
