using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.StartingRun;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Runs;

public sealed class StartRunTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_valid_config_When_starting_a_run_Then_exactly_one_RunQueued_is_appended()
    {
        var config = RunConfigs.Valid();

        var result = await database.SendAsync(new StartRun(config, "alice"));

        Assert.True(result.IsSuccess);
        var stream = await database.StreamAsync(result.Value);
        var queued = Assert.IsType<RunQueued>(Assert.Single(stream).Data);
        Assert.Equal(config, queued.Config);
        Assert.Equal("alice", queued.QueuedBy);
        var summary = await database.SendAsync(new Platform.Domain.Runs.GettingRun.GetRun(result.Value));
        Assert.Equal(RunStatus.Queued, summary.Value.Status);
        Assert.Equal(1, summary.Value.Version);
    }

    public static TheoryData<string, RunConfig> InvalidConfigs => new()
    {
        { "Method", RunConfigs.Valid() with { Method = "telepathy" } },
        { "LearningRate", RunConfigs.Valid() with { LearningRate = 0 } },
        { "LearningRate", RunConfigs.Valid() with { LearningRate = -1e-3 } },
        { "LearningRate", RunConfigs.Valid() with { LearningRate = double.NaN } },
        { "Dataset", RunConfigs.Valid() with { Dataset = "" } },
        { "Dataset", RunConfigs.Valid() with { Dataset = "no-such-corpus" } },
        { "Name", RunConfigs.Valid() with { Name = "" } },
        { "EmbeddingSize", RunConfigs.Valid() with { EmbeddingSize = 66, Heads = 4 } },
        { "Precision", RunConfigs.Valid() with { Precision = (Precision)42 } },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Given_an_invalid_config_When_starting_a_run_Then_a_validation_error_names_the_field_and_nothing_is_appended(string field, RunConfig config)
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new StartRun(config, "alice"));

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal($"Config.{field}", error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }
}
