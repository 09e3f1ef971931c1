using Marten;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Preferences;

namespace Platform.Domain.Runs;

/// <summary>Checks the ids a run's config refers to against what is registered, before any run is queued.</summary>
public static class RunReferences
{
    /// <param name="prefix">Where the config sits in the command (e.g. "Config"), so errors name the field as clients sent it.</param>
    public static async Task<Error?> CheckReferencesAsync(this IQuerySession session, RunConfig config, string prefix, CancellationToken cancellationToken)
    {
        if (config.BaseModelId is { } baseModelId && await session.LoadAsync<BaseModelSummary>(baseModelId, cancellationToken) is null)
        {
            return new Error(ErrorKind.Validation, $"No base model {baseModelId} is registered.", $"{prefix}.{nameof(RunConfig.BaseModelId)}");
        }

        if (config.DatasetVersionId is { } versionId &&
            !await session.Query<DatasetSummary>().AnyAsync(d => d.Versions.Any(v => v.VersionId == versionId), cancellationToken))
        {
            return new Error(ErrorKind.Validation, $"No dataset version {versionId} is registered.", $"{prefix}.{nameof(RunConfig.DatasetVersionId)}");
        }

        if (config.PreferenceSnapshot is { } snapshot && snapshot > await PreferenceHistory.CurrentSequenceAsync(session, cancellationToken))
        {
            return new Error(ErrorKind.Validation, $"Preference snapshot {snapshot} lies in the future: no event has that sequence number yet.", $"{prefix}.{nameof(RunConfig.PreferenceSnapshot)}");
        }

        if (config.RewardModelRunId is { } rewardRunId && await session.LoadAsync<RunSummary>(rewardRunId, cancellationToken) is null)
        {
            return new Error(ErrorKind.Validation, $"No run {rewardRunId} trained a reward model here.", $"{prefix}.{nameof(RunConfig.RewardModelRunId)}");
        }

        return null;
    }
}
