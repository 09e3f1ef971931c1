namespace Platform.Domain.Lineage;

public enum LineageNodeKind
{
    DatasetVersion,
    BaseModel,
    Run,
    Checkpoint,
    Adapter,
    Alias,
    PreferenceSnapshot,
}

/// <param name="Id">Stable across calls: the kind and the ids of what it stands for (e.g. "checkpoint:{run}:{step}").</param>
public sealed record LineageNode(string Id, LineageNodeKind Kind, string Label, string? Detail);

/// <param name="Relation">What the edge means, read from <paramref name="From"/> to <paramref name="To"/> (e.g. "trained", "saved").</param>
public sealed record LineageEdge(string From, string To, string Relation);

/// <summary>Where everything came from: dataset versions and base models → runs → checkpoints → adapters → aliases; preference snapshots → reward-model runs → policy runs.</summary>
public sealed record LineageGraph(IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges)
{
    /// <summary>The node with its ancestors and descendants: what it was made from and what was made from it.</summary>
    public LineageGraph Around(string nodeId)
    {
        var kept = new HashSet<string> { nodeId };
        Walk(nodeId, e => e.To, e => e.From, kept);
        Walk(nodeId, e => e.From, e => e.To, kept);
        return new LineageGraph(
            Nodes.Where(n => kept.Contains(n.Id)).ToList(),
            Edges.Where(e => kept.Contains(e.From) && kept.Contains(e.To)).ToList());
    }

    private void Walk(string start, Func<LineageEdge, string> from, Func<LineageEdge, string> to, HashSet<string> kept)
    {
        var next = Edges.ToLookup(from);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var current))
        {
            foreach (var edge in next[current])
            {
                if (kept.Add(to(edge)))
                {
                    pending.Push(to(edge));
                }
            }
        }
    }
}
