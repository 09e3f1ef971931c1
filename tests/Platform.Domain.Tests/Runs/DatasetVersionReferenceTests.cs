using Platform.Domain.Common;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Datasets;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class DatasetVersionReferenceTests(DatasetsDatabase database) : IClassFixture<DatasetsDatabase>
{
    [Fact]
    public async Task Given_a_registered_dataset_version_When_a_run_names_it_Then_RunQueued_records_it()
    {
        var datasetId = (await database.SendAsync(new RegisterDataset("instructions", DatasetTaskKind.Instruction, "test data", TestUsers.Researcher))).Value;
        var versionId = (await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl), new SplitSpec(), TestUsers.Researcher))).Value;

        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid() with { DatasetVersionId = versionId }, TestUsers.Researcher))).Value;

        var queued = Assert.IsType<RunQueued>(Assert.Single(await database.StreamAsync(runId)).Data);
        Assert.Equal(versionId, queued.Config.DatasetVersionId);
    }

    [Fact]
    public async Task Given_an_unknown_dataset_version_When_a_run_names_it_Then_a_validation_error_and_no_event()
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new StartRun(RunConfigs.Valid() with { DatasetVersionId = Guid.NewGuid() }, TestUsers.Researcher));

        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorKind.Validation, "Config.DatasetVersionId"), (error.Kind, error.Field));
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }
}
