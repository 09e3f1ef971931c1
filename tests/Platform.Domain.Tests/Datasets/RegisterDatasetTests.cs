using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Domain.Users;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Datasets;

public sealed class RegisterDatasetTests(DatasetsDatabase database) : IClassFixture<DatasetsDatabase>
{
    [Fact]
    public async Task Given_a_name_When_registering_it_twice_with_the_same_kind_Then_one_event_and_the_same_id()
    {
        var first = await database.SendAsync(new RegisterDataset("reviews", DatasetTaskKind.Classification, "movie reviews", TestUsers.Researcher));
        var again = await database.SendAsync(new RegisterDataset(" Reviews ", DatasetTaskKind.Classification, "movie reviews", TestUsers.Researcher));

        Assert.Equal(first.Value, again.Value);
        var registered = Assert.IsType<DatasetRegistered>(Assert.Single(await database.StreamAsync(first.Value)).Data);
        Assert.Equal(("reviews", DatasetTaskKind.Classification, TestUsers.Researcher), (registered.Name, registered.TaskKind, registered.RegisteredBy));
    }

    [Fact]
    public async Task Given_a_registered_name_When_registering_it_for_another_kind_Then_a_conflict()
    {
        await database.SendAsync(new RegisterDataset("taken", DatasetTaskKind.Text, string.Empty, TestUsers.Researcher));

        var result = await database.SendAsync(new RegisterDataset("TAKEN", DatasetTaskKind.Chat, string.Empty, TestUsers.Admin));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("../etc")]
    public async Task Given_an_invalid_name_When_registering_Then_a_validation_error_and_no_event(string name)
    {
        var before = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new RegisterDataset(name, DatasetTaskKind.Text, string.Empty, TestUsers.Researcher));

        Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
        Assert.False(result.IsSuccess);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    [InlineData("mallory")]
    public async Task Given_a_user_without_ManageData_When_registering_or_adding_a_version_Then_forbidden_and_nothing_is_appended(string actor)
    {
        var datasetId = (await database.SendAsync(new RegisterDataset("guarded", DatasetTaskKind.Text, string.Empty, TestUsers.Admin))).Value;
        var before = await database.CountAllEventsAsync();

        var register = await database.SendAsync(new RegisterDataset($"by-{actor}", DatasetTaskKind.Text, string.Empty, actor));
        var add = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"a\"}\n"), new SplitSpec(), actor));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(register.Errors).Kind);
        Assert.Equal(ErrorKind.Forbidden, Assert.Single(add.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }

    [Theory]
    [InlineData(TestUsers.Researcher)]
    [InlineData(TestUsers.Admin)]
    [InlineData(SystemActor.Name)]
    public async Task Given_a_researcher_admin_or_the_platform_When_registering_and_adding_Then_both_succeed_and_record_who(string actor)
    {
        var datasetId = (await database.SendAsync(new RegisterDataset($"owned-by-{actor}", DatasetTaskKind.Text, string.Empty, actor))).Value;
        var versionId = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl($"{{\"text\":\"{actor}\"}}\n"), new SplitSpec(), actor));

        Assert.True(versionId.IsSuccess);
        var dataset = await database.StreamAsync(datasetId);
        Assert.Equal(actor, Assert.IsType<DatasetRegistered>(dataset[0].Data).RegisteredBy);
        Assert.Equal(actor, Assert.IsType<DatasetVersionAdded>(dataset[1].Data).AddedBy);
        Assert.Equal(DatasetSummary.IdFor($"owned-by-{actor}"), datasetId);
    }
}
