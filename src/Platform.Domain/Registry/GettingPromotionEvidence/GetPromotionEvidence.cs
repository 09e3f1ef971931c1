using Marten;
using MediatR;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Domain.Preferences;
using Platform.Domain.Runs;
using Platform.Evaluation.Preferences;

namespace Platform.Domain.Registry.GettingPromotionEvidence;

/// <summary>What promotion gates can check about an adapter, with the source of every value.</summary>
public sealed record GetPromotionEvidence(Guid AdapterId) : IRequest<Result<PromotionEvidence>>;

/// <summary>
/// The one place that gathers gate evidence; PromoteAdapter asks only this query. Sources, later ones
/// overriding earlier ones for the same name:
/// <list type="number">
/// <item>the source run's final metrics (<see cref="RunSummary.FinalMetrics"/>);</item>
/// <item>the source run's evaluations (<see cref="RunSummary.Evaluations"/>), named "suite/split/metric";</item>
/// <item>the human win-rate of the adapter's responses in ranked comparisons (ties count half; pairs
/// between two of its own responses decide nothing), as of the current preference snapshot;</item>
/// <item>evidence recorded against the adapter (<see cref="AdapterSummary.Evidence"/>), oldest first.</item>
/// </list>
/// Retention compares each metric the adapter's base model recorded at registration
/// (<see cref="BaseModelSummary.Metrics"/>, e.g. "heldout/perplexity") with the adapter's value of the
/// same name. A new source (evaluation suites, human preference win-rates) is one more step here:
/// nothing else in the registry changes.
/// </summary>
public sealed class GetPromotionEvidenceHandler(IQuerySession session) : IRequestHandler<GetPromotionEvidence, Result<PromotionEvidence>>
{
    public async Task<Result<PromotionEvidence>> Handle(GetPromotionEvidence query, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<AdapterSummary>(query.AdapterId, cancellationToken) is not { } adapter)
        {
            return Error.NotFound($"Adapter {query.AdapterId} does not exist.");
        }

        var metrics = new Dictionary<string, EvidenceValue>();
        EvidenceValue? humanWinRate = null;

        var run = await session.LoadAsync<RunSummary>(adapter.RunId, cancellationToken);
        foreach (var (name, value) in run?.FinalMetrics ?? adapter.Metrics)
        {
            metrics[name] = new EvidenceValue(value, $"run {adapter.RunId} final metrics");
        }

        foreach (var evaluation in run?.Evaluations ?? [])
        {
            foreach (var (name, value) in evaluation.Metrics)
            {
                metrics[$"{evaluation.Suite}/{evaluation.Split}/{name}"] = new EvidenceValue(value, $"run {adapter.RunId} evaluation {evaluation.Suite}/{evaluation.Split} at {evaluation.RecordedAt:u}");
            }
        }

        var preferences = await PreferenceHistory.LoadAsync(session, upToSequence: null, cancellationToken);
        if (preferences.IsSuccess &&
            WinRecord.Tally(preferences.Value.Outcomes(c => c.AdapterId == adapter.Id)).TryGetValue(true, out var record))
        {
            humanWinRate = new EvidenceValue(record.WinRate, $"{record.Games} ranked pairs up to event {preferences.Value.Sequence}");
        }

        foreach (var recorded in adapter.Evidence)
        {
            var source = $"{recorded.Source} (recorded by {recorded.RecordedBy} at {recorded.RecordedAt:u})";
            foreach (var (name, value) in recorded.Metrics)
            {
                metrics[name] = new EvidenceValue(value, source);
            }

            humanWinRate = recorded.HumanWinRate is { } winRate ? new EvidenceValue(winRate, source) : humanWinRate;
        }

        var baseModel = await session.Query<BaseModelSummary>()
            .Where(m => m.Name == adapter.BaseModel)
            .OrderByDescending(m => m.RegisteredAt)
            .FirstOrDefaultAsync(cancellationToken);
        var retention = new Dictionary<string, RetentionEvidence>();
        foreach (var (name, baseline) in baseModel?.Metrics ?? new Dictionary<string, double>())
        {
            if (metrics.TryGetValue(name, out var adapterValue))
            {
                retention[name] = new RetentionEvidence(baseline, adapterValue.Value, $"base model {baseModel!.Name} ({baseModel.Sha256[..12]}) vs {adapterValue.Source}");
            }
        }

        return new PromotionEvidence(adapter.Id, metrics, humanWinRate, retention);
    }
}
