using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;
using Platform.Training.Data.Corpora;

namespace Platform.Training.Data.Importers;

/// <summary>The Brown corpus's 500 texts as plain text records, for language modelling.</summary>
public sealed class BrownTextImporter : IDatasetImporter
{
    public string Name => "brown-text";

    public DatasetTaskKind TaskKind => DatasetTaskKind.Text;

    public string Description => $"The Brown corpus ({BrownCorpus.PackageName}@{BrownCorpus.PackageVersion}): one record per text, untagged running text.";

    public IEnumerable<JsonObject> Records() =>
        BrownTexts.Load().Select(t => new JsonObject { ["id"] = t.Id, ["text"] = t.Text });
}

/// <summary>The Brown corpus's texts labelled with their genre (15 classes), for classification.</summary>
public sealed class BrownGenresImporter : IDatasetImporter
{
    public string Name => "brown-genres";

    public DatasetTaskKind TaskKind => DatasetTaskKind.Classification;

    public string Description => $"The Brown corpus ({BrownCorpus.PackageName}@{BrownCorpus.PackageVersion}): each text labelled with its genre.";

    public IEnumerable<JsonObject> Records() =>
        BrownTexts.Load().Select(t => new JsonObject { ["id"] = t.Id, ["text"] = t.Text, ["label"] = BrownCorpus.Genres[t.Genre] });
}

/// <summary>The Brown corpus's sentences as tokens with their part-of-speech tags, for sequence labelling.</summary>
public sealed class BrownPosImporter : IDatasetImporter
{
    public string Name => "brown-pos";

    public DatasetTaskKind TaskKind => DatasetTaskKind.TokenTagging;

    public string Description => $"The Brown corpus ({BrownCorpus.PackageName}@{BrownCorpus.PackageVersion}): one record per sentence, each word with its Brown tag.";

    public IEnumerable<JsonObject> Records() =>
        BrownTexts.Load().SelectMany(t => t.Sentences.Select((sentence, i) => new JsonObject
        {
            ["id"] = $"{t.Id}:{i + 1}",
            ["tokens"] = new JsonArray(sentence.Select(w => (JsonNode?)w.Word).ToArray()),
            ["tags"] = new JsonArray(sentence.Select(w => (JsonNode?)w.Tag).ToArray()),
        }));
}

/// <summary>Where the three Brown importers read the corpus: the package <c>./platform</c> installs.</summary>
internal static class BrownTexts
{
    public static IReadOnlyList<BrownText> Load() => BrownCorpus.Load(NpmDataPackages.Directory(BrownCorpus.PackageName));
}
