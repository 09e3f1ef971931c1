using Marten;
using MediatR;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Runs.GettingRunInputs;

/// <summary>What a fine-tuning run reads: its base model and its dataset version, with the dataset's task.</summary>
public sealed record RunInputs(BaseModelSummary BaseModel, string DatasetName, DatasetTaskKind TaskKind, DatasetVersionSummary Version);

/// <summary>Resolves the base model and dataset version a run's config names.</summary>
public sealed record GetRunInputs(RunConfig Config) : IRequest<Result<RunInputs>>;

public sealed class GetRunInputsHandler(IQuerySession session) : IRequestHandler<GetRunInputs, Result<RunInputs>>
{
    public async Task<Result<RunInputs>> Handle(GetRunInputs query, CancellationToken cancellationToken)
    {
        if (query.Config.BaseModelId is not { } baseModelId || await session.LoadAsync<BaseModelSummary>(baseModelId, cancellationToken) is not { } baseModel)
        {
            return Error.NotFound($"The run's base model {query.Config.BaseModelId} is not registered.");
        }

        var versionId = query.Config.DatasetVersionId;
        var dataset = versionId is null
            ? null
            : await session.Query<DatasetSummary>().FirstOrDefaultAsync(d => d.Versions.Any(v => v.VersionId == versionId), cancellationToken);
        if (dataset?.Versions.Single(v => v.VersionId == versionId) is not { } version)
        {
            return Error.NotFound($"The run's dataset version {versionId} is not registered.");
        }

        return new RunInputs(baseModel, dataset.Name, dataset.TaskKind, version);
    }
}
