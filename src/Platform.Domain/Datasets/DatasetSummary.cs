using System.Security.Cryptography;
using System.Text;
using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Datasets;

/// <summary>A dataset and every version of it: what the datasets page, the API and the version checks read.</summary>
public sealed record DatasetSummary
{
    public Guid Id { get; init; }

    /// <summary>The stream version this row reflects (Marten sets it).</summary>
    public long Version { get; set; }

    public required string Name { get; init; }

    public DatasetTaskKind TaskKind { get; init; }

    public required string Description { get; init; }

    public required string RegisteredBy { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Oldest first; a version's number is its position counted from 1.</summary>
    public IReadOnlyList<DatasetVersionSummary> Versions { get; init; } = [];

    /// <summary>Names are unique ignoring case and surrounding spaces: the id follows from the name.</summary>
    public static Guid IdFor(string name) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"dataset:{name.Trim().ToLowerInvariant()}"))[..16]);
}
