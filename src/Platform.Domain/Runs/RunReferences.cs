using Marten;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;

namespace Platform.Domain.Runs;

/// <summary>Checks the ids a run's config refers to against what is registered, before any run is queued.</summary>
public static class RunReferences
{
    public static async Task<Error?> CheckBaseModelAsync(this IQuerySession session, RunConfig config, string field, CancellationToken cancellationToken) =>
        config.BaseModelId is { } id && await session.LoadAsync<BaseModelSummary>(id, cancellationToken) is null
            ? new Error(ErrorKind.Validation, $"No base model {id} is registered.", field)
            : null;
}
