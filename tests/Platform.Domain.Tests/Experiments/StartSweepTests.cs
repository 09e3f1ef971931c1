using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Experiments.GettingExperiment;
using Platform.Domain.Experiments.StartingSweep;
using Platform.Domain.Runs;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Experiments;

public sealed class StartSweepTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private static SweepSpec Grid(params (string Option, string[] Values)[] options) =>
        new(SweepStrategy.Grid, options.ToDictionary(o => o.Option, o => new SweepOption { Values = o.Values }));

    [Fact]
    public async Task Given_a_grid_When_sweeping_Then_every_combination_is_queued_with_SweepQueued_in_one_unit()
    {
        var experimentId = (await database.SendAsync(Experiments.Create("grid"))).Value;
        var eventsBefore = await database.CountAllEventsAsync();

        var sweepId = (await database.SendAsync(new StartSweep(
            experimentId, RunConfigs.Valid("grid"), Grid(("LearningRate", ["1e-3", "3e-3"]), ("Schedule", ["Cosine", "linear", "Constant"])), TestUsers.Researcher))).Value;

        Assert.Equal(eventsBefore + 7, await database.CountAllEventsAsync());
        var sweep = Assert.IsType<SweepQueued>((await database.StreamAsync(experimentId))[^1].Data);
        Assert.Equal(sweepId, sweep.SweepId);
        var runs = (await database.SendAsync(new GetExperiment(experimentId))).Value.Runs;
        Assert.Equal(sweep.RunIds.Order(), runs.Select(r => r.Id).Order());
        Assert.Equal(6, runs.Select(r => (r.Config.LearningRate, r.Config.Schedule)).Distinct().Count());
        Assert.All(runs, r => Assert.Equal((sweepId, RunStatus.Queued, "brown-lm"), (r.SweepId!.Value, r.Status, r.Task!)));
        Assert.Equal(1, (await database.SendAsync(new GetExperiment(experimentId))).Value.Experiment.SweepCount);
    }

    [Fact]
    public void Given_a_random_spec_with_a_seed_When_expanded_twice_Then_the_same_configs_within_the_ranges()
    {
        var spec = new SweepSpec(
            SweepStrategy.Random,
            new Dictionary<string, SweepOption>
            {
                ["LearningRate"] = new() { Min = 1e-4, Max = 1e-2, LogScale = true },
                ["BatchSize"] = new() { Min = 4, Max = 32 },
                ["Schedule"] = new() { Values = ["Cosine", "Cyclic"] },
            },
            Count: 20,
            Seed: 42);

        var first = SweepPlan.Expand(RunConfigs.Valid("random"), spec).Value;
        var second = SweepPlan.Expand(RunConfigs.Valid("random"), spec).Value;

        Assert.Equal(first.Select(r => r.Config), second.Select(r => r.Config));
        Assert.Equal(20, first.Count);
        Assert.All(first, r => Assert.InRange(r.Config.LearningRate, 1e-4, 1e-2));
        Assert.All(first, r => Assert.InRange(r.Config.BatchSize, 4, 32));
        Assert.Contains(first, r => r.Config.Schedule == LearningRateScheduleKind.Cyclic);
        Assert.True(first.Select(r => r.Config.BatchSize).Distinct().Count() > 3);
    }

    [Fact]
    public async Task Given_a_grid_that_generates_an_invalid_config_When_sweeping_Then_the_run_config_rules_reject_it_and_nothing_is_queued()
    {
        var experimentId = (await database.SendAsync(Experiments.Create("invalid grid"))).Value;
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new StartSweep(
            experimentId, RunConfigs.Valid("heads") with { EmbeddingSize = 64 }, Grid(("Heads", ["4", "5"])), TestUsers.Researcher));

        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorKind.Validation, "Runs[1].EmbeddingSize"), (error.Kind, error.Field));
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Theory]
    [InlineData("Name", "x")]
    [InlineData("LearningRate", "fast")]
    [InlineData("Schedule", "Sawtooth")]
    public async Task Given_an_option_that_cannot_be_swept_or_a_bad_value_When_sweeping_Then_a_validation_error_names_the_option(string option, string value)
    {
        var experimentId = (await database.SendAsync(Experiments.Create("bad option"))).Value;

        var result = await database.SendAsync(new StartSweep(experimentId, RunConfigs.Valid(), Grid((option, [value])), TestUsers.Researcher));

        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorKind.Validation, $"Spec.Options[{option}]"), (error.Kind, error.Field));
    }

    [Fact]
    public async Task Given_a_client_command_id_When_a_sweep_is_retried_Then_its_runs_are_queued_once()
    {
        var experimentId = (await database.SendAsync(Experiments.Create("retried sweep"))).Value;
        var command = new StartSweep(experimentId, RunConfigs.Valid(), Grid(("Seed", ["1", "2", "3"])), TestUsers.Researcher, Guid.NewGuid());

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(3, (await database.SendAsync(new GetExperiment(experimentId))).Value.Runs.Count);
    }

    [Fact]
    public async Task Given_an_annotator_or_an_unknown_experiment_When_sweeping_Then_forbidden_or_not_found()
    {
        var experimentId = (await database.SendAsync(Experiments.Create("guarded"))).Value;

        var forbidden = await database.SendAsync(new StartSweep(experimentId, RunConfigs.Valid(), Grid(("Seed", ["1"])), TestUsers.Annotator));
        var missing = await database.SendAsync(new StartSweep(Guid.NewGuid(), RunConfigs.Valid(), Grid(("Seed", ["1"])), TestUsers.Researcher));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(forbidden.Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single(missing.Errors).Kind);
        Assert.Equal(0, (await database.SendAsync(new GetExperiment(experimentId))).Value.Experiment.SweepCount);
    }
}
