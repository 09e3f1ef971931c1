using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Experiments.CreatingExperiment;
using Platform.Domain.Experiments.GettingExperiment;
using Platform.Domain.Experiments.ListingExperiments;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Experiments;

public sealed class CreateExperimentTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_researcher_When_creating_an_experiment_Then_one_ExperimentCreated_is_appended_and_the_summary_is_its_fold()
    {
        var id = (await database.SendAsync(Experiments.Create("fold"))).Value;

        var created = Assert.IsType<ExperimentCreated>(Assert.Single(await database.StreamAsync(id)).Data);
        Assert.Equal(new Objective("val/loss", OptimisationDirection.Minimise), created.Objective);
        await using var session = database.Store.QuerySession();
        ReadModels.Equal(await session.Events.AggregateStreamAsync<ExperimentSummary>(id), await session.LoadAsync<ExperimentSummary>(id));
        Assert.Contains((await database.SendAsync(new ListExperiments())).Value, e => e.Id == id && e.Task == "brown-lm");
    }

    [Fact]
    public async Task Given_a_client_command_id_When_CreateExperiment_is_retried_Then_one_experiment_exists()
    {
        var command = Experiments.Create("retried", clientCommandId: Guid.NewGuid());

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Single(await database.StreamAsync(first.Value));
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    public async Task Given_a_user_without_the_run_permission_When_creating_an_experiment_Then_forbidden(string actor)
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(Experiments.Create(actor: actor));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_an_experiment_When_runs_are_queued_under_it_Then_they_carry_its_task_objective_and_the_code_version()
    {
        var experimentId = (await database.SendAsync(Experiments.Create("with runs"))).Value;

        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid("member"), TestUsers.Researcher, ExperimentId: experimentId))).Value;
        await database.SendAsync(new StartRun(RunConfigs.Valid("outsider"), TestUsers.Researcher));

        var queued = Assert.IsType<RunQueued>(Assert.Single(await database.StreamAsync(runId)).Data);
        Assert.Equal(experimentId, queued.ExperimentId);
        Assert.Equal("brown-lm", queued.Task);
        Assert.Equal("val/loss", queued.Objective?.Metric);
        Assert.Equal(CodeVersion.Current, queued.CodeVersion);
        Assert.Matches("^([0-9a-f]{40}|unknown)$", queued.CodeVersion);
        var detail = (await database.SendAsync(new GetExperiment(experimentId))).Value;
        Assert.Equal([runId], detail.Runs.Select(r => r.Id));
    }

    [Fact]
    public void Given_this_build_from_a_git_clone_When_reading_the_code_version_Then_it_is_the_commit()
    {
        Assert.Matches("^[0-9a-f]{40}$", CodeVersion.Current);
    }

    [Fact]
    public async Task Given_unknown_references_When_starting_a_run_Then_validation_errors_name_them_and_nothing_is_appended()
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var noExperiment = await database.SendAsync(new StartRun(RunConfigs.Valid(), TestUsers.Researcher, ExperimentId: Guid.NewGuid()));
        var noBaseModel = await database.SendAsync(new StartRun(RunConfigs.Valid() with { BaseModelId = Guid.NewGuid() }, TestUsers.Researcher));

        Assert.Equal(("ExperimentId", ErrorKind.Validation), (Assert.Single(noExperiment.Errors).Field, noExperiment.Errors[0].Kind));
        Assert.Equal(("Config.BaseModelId", ErrorKind.Validation), (Assert.Single(noBaseModel.Errors).Field, noBaseModel.Errors[0].Kind));
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
        Assert.Equal(ErrorKind.NotFound, Assert.Single((await database.SendAsync(new GetExperiment(Guid.NewGuid()))).Errors).Kind);
    }
}
