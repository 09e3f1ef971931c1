using Marten;
using MediatR;
using Platform.Domain.BaseModels;
using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Registry;
using Platform.Domain.Runs;
using Platform.Domain.Runs.SavingCheckpoint;

namespace Platform.Domain.Lineage.GettingLineage;

/// <summary>The lineage graph, whole or around one node (its ancestors and descendants), read from the read models and the checkpoint events.</summary>
public sealed record GetLineage(string? Around = null) : IRequest<Result<LineageGraph>>;

public sealed class GetLineageHandler(IQuerySession session) : IRequestHandler<GetLineage, Result<LineageGraph>>
{
    public async Task<Result<LineageGraph>> Handle(GetLineage query, CancellationToken cancellationToken)
    {
        var nodes = new List<LineageNode>();
        var edges = new List<LineageEdge>();

        foreach (var dataset in await session.Query<DatasetSummary>().ToListAsync(cancellationToken))
        {
            nodes.AddRange(dataset.Versions.Select(v => new LineageNode(
                LineageIds.DatasetVersion(v.VersionId), LineageNodeKind.DatasetVersion, $"{dataset.Name} v{v.Number}", $"{v.RecordCount:N0} records · {v.Sha256[..12]}")));
        }

        nodes.AddRange((await session.Query<BaseModelSummary>().ToListAsync(cancellationToken)).Select(m => new LineageNode(
            LineageIds.BaseModel(m.Id), LineageNodeKind.BaseModel, m.Name, $"{m.Architecture} · {m.Parameters:N0} parameters")));

        // In the order they were queued, so that the same history always gives the same graph: a table's row order is no order.
        foreach (var run in await session.Query<RunSummary>().OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken))
        {
            var runNode = LineageIds.Run(run.Id);
            nodes.Add(new LineageNode(runNode, LineageNodeKind.Run, run.Name, $"{run.Method} · {run.Status}"));
            if (run.Config.DatasetVersionId is { } versionId)
            {
                edges.Add(new LineageEdge(LineageIds.DatasetVersion(versionId), runNode, "trained"));
            }

            if (run.Config.BaseModelId is { } baseModelId)
            {
                edges.Add(new LineageEdge(LineageIds.BaseModel(baseModelId), runNode, "started"));
            }

            if (run.Config.PreferenceSnapshot is { } snapshot)
            {
                var snapshotNode = LineageIds.PreferenceSnapshot(snapshot);
                nodes.Add(new LineageNode(snapshotNode, LineageNodeKind.PreferenceSnapshot, $"preferences up to event {snapshot}", null));
                edges.Add(new LineageEdge(snapshotNode, runNode, "taught"));
            }

            if (run.Config.RewardModelRunId is { } rewardRunId)
            {
                edges.Add(new LineageEdge(LineageIds.Run(rewardRunId), runNode, "rewarded"));
            }
        }

        foreach (var checkpoint in await session.Events.QueryRawEventDataOnly<CheckpointSaved>().ToListAsync(cancellationToken))
        {
            var checkpointNode = LineageIds.Checkpoint(checkpoint.RunId, checkpoint.Step);
            nodes.Add(new LineageNode(checkpointNode, LineageNodeKind.Checkpoint, $"step {checkpoint.Step}", checkpoint.Sha256[..12]));
            edges.Add(new LineageEdge(LineageIds.Run(checkpoint.RunId), checkpointNode, "saved"));
        }

        foreach (var adapter in await session.Query<AdapterSummary>().ToListAsync(cancellationToken))
        {
            var adapterNode = LineageIds.Adapter(adapter.Id);
            nodes.Add(new LineageNode(adapterNode, LineageNodeKind.Adapter, adapter.Name, $"{adapter.Method} · {adapter.Task}{(adapter.Archived ? " · archived" : string.Empty)}"));
            edges.Add(new LineageEdge(LineageIds.Checkpoint(adapter.RunId, adapter.Checkpoint.Step), adapterNode, "registered"));
        }

        foreach (var alias in await session.Query<AliasState>().ToListAsync(cancellationToken))
        {
            var aliasNode = LineageIds.Alias(alias.Key.ToString());
            nodes.Add(new LineageNode(aliasNode, LineageNodeKind.Alias, alias.Key.ToString(), alias.CurrentAdapterId is { } current ? $"serving {current}" : "empty"));
            edges.AddRange(alias.History
                .Where(h => h.Change is AliasChange.Promoted or AliasChange.RolledBack && h.AdapterId is not null)
                .Select(h => new LineageEdge(LineageIds.Adapter(h.AdapterId!.Value), aliasNode, h.Change == AliasChange.Promoted ? $"promoted by {h.By}" : $"restored by {h.By}"))
                .DistinctBy(e => (e.From, e.To, e.Relation)));
        }

        // Two reward models may learn from the same snapshot: one node for it.
        var graph = new LineageGraph(nodes.DistinctBy(n => n.Id).ToList(), edges);
        if (query.Around is null)
        {
            return graph;
        }

        return nodes.Any(n => n.Id == query.Around) ? graph.Around(query.Around) : Error.NotFound($"No lineage node {query.Around}.");
    }
}
