using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Registry;

/// <summary>Evidence recorded against an adapter by hand or by an evaluation outside the platform.</summary>
public sealed record RecordedEvidence(
    string Source,
    IReadOnlyDictionary<string, double> Metrics,
    double? HumanWinRate,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>
/// One registered adapter: where it came from, what it measured, and whether it is archived. Which
/// aliases it holds lives in the alias streams (<see cref="AliasState"/>); ListAdapters joins them.
/// </summary>
public sealed record AdapterSummary
{
    public Guid Id { get; init; }

    /// <summary>The adapter stream's version this row reflects (Marten sets it).</summary>
    public long Version { get; set; }

    public required string Name { get; init; }

    public Guid RunId { get; init; }

    public required AdapterCheckpoint Checkpoint { get; init; }

    public required string BaseModel { get; init; }

    public required string Task { get; init; }

    public required string Method { get; init; }

    /// <summary>The source run's final metrics when the adapter was registered.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<RecordedEvidence> Evidence { get; init; } = [];

    public required string RegisteredBy { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public bool Archived { get; init; }

    public string? ArchivedBy { get; init; }

    public DateTimeOffset? ArchivedAt { get; init; }

    public string? ArchiveReason { get; init; }

    /// <summary>The same checkpoint of the same run is the same adapter, so registering it again finds it.</summary>
    public static Guid IdFor(Guid runId, string checkpointSha256) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"adapter:{runId}:{checkpointSha256}"))[..16]);
}
