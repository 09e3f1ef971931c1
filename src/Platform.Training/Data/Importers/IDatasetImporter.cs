using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;

namespace Platform.Training.Data.Importers;

/// <summary>
/// Turns a built-in corpus into dataset records. The records go through the domain's
/// <c>AddDatasetVersion</c> like an upload: the same checks, the same canonical hash, the same events.
/// </summary>
public interface IDatasetImporter
{
    /// <summary>The importer's name, recorded as the version's source (<c>importer: brown-genres</c>) and used as the dataset name.</summary>
    string Name { get; }

    DatasetTaskKind TaskKind { get; }

    string Description { get; }

    /// <summary>The records, in a fixed order, so the same package always gives the same hash.</summary>
    IEnumerable<JsonObject> Records();
}
