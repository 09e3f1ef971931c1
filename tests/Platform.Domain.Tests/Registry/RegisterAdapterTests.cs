using Platform.Domain.Common;
using Platform.Domain.Registry;
using Platform.Domain.Registry.ListingAdapters;
using Platform.Domain.Registry.RegisteringAdapter;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

public sealed class RegisterAdapterTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private static RegisterAdapter Command(Guid runId, long? step = 200, string? path = null, string actor = TestUsers.Researcher, Guid? clientCommandId = null) =>
        new(runId, step, path, "lora-r8", RegistryScenario.BaseModel, RegistryScenario.Task, "lora", actor, clientCommandId);

    [Fact]
    public async Task Given_a_completed_run_When_registering_its_checkpoint_by_step_Then_the_adapter_records_the_checkpoint_and_the_final_metrics()
    {
        var runId = await database.CompletedRunAsync(new Dictionary<string, double> { ["val/loss"] = 1.5 });

        var result = await database.SendAsync(Command(runId, step: 100));

        var registered = Assert.IsType<AdapterRegistered>(Assert.Single(await database.StreamAsync(result.Value)).Data);
        var path = RegistryScenario.CheckpointPath(runId, 100);
        Assert.Equal(new AdapterCheckpoint(100, path, RegistryScenario.Sha256Of(path), 4196), registered.Checkpoint);
        Assert.Equal(runId, registered.RunId);
        Assert.Equal((RegistryScenario.BaseModel, RegistryScenario.Task, "lora"), (registered.BaseModel, registered.Task, registered.Method));
        Assert.Equal(1.5, registered.Metrics["val/loss"]);
        Assert.Equal(TestUsers.Researcher, registered.RegisteredBy);
        Assert.Equal(AdapterSummary.IdFor(runId, registered.Checkpoint.Sha256), result.Value);
    }

    [Fact]
    public async Task Given_a_registered_checkpoint_When_registering_it_again_by_path_Then_the_same_adapter_and_one_event()
    {
        var runId = await database.CompletedRunAsync();

        var byStep = await database.SendAsync(Command(runId, step: 200));
        var byPath = await database.SendAsync(Command(runId, step: null, path: RegistryScenario.CheckpointPath(runId, 200)));

        Assert.Equal(byStep.Value, byPath.Value);
        Assert.Single(await database.StreamAsync(byStep.Value));
        var listed = Assert.Single((await database.SendAsync(new ListAdapters())).Value, a => a.Adapter.Id == byStep.Value);
        Assert.Empty(listed.Aliases);
        Assert.False(listed.Adapter.Archived);
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_same_registration_is_retried_concurrently_Then_one_adapter_and_one_event()
    {
        var runId = await database.CompletedRunAsync();
        var command = Command(runId, clientCommandId: Guid.NewGuid());

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.SendAsync(command)));
        var retry = await database.SendAsync(command);

        var adapterId = Assert.Single(results.Select(r => r.Value).Distinct());
        Assert.Equal(adapterId, retry.Value);
        Assert.Single(await database.StreamAsync(adapterId));
    }

    [Fact]
    public async Task Given_a_run_that_has_not_completed_When_registering_Then_a_conflict_and_nothing_is_appended()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), TestUsers.Researcher))).Value;
        var before = await database.CountAllEventsAsync();

        var result = await database.SendAsync(Command(runId));

        Assert.Equal(ErrorKind.Conflict, Assert.Single(result.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_a_checkpoint_the_run_never_saved_When_registering_Then_not_found()
    {
        var runId = await database.CompletedRunAsync();

        var byStep = await database.SendAsync(Command(runId, step: 150));
        var byPath = await database.SendAsync(Command(runId, step: null, path: "/elsewhere.safetensors"));
        var unknownRun = await database.SendAsync(Command(Guid.NewGuid()));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(byStep.Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single(byPath.Errors).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Single(unknownRun.Errors).Kind);
    }

    [Fact]
    public async Task Given_both_or_neither_checkpoint_reference_When_registering_Then_a_validation_error()
    {
        var runId = await database.CompletedRunAsync();

        var both = await database.SendAsync(Command(runId, step: 200, path: RegistryScenario.CheckpointPath(runId, 200)));
        var neither = await database.SendAsync(Command(runId, step: null, path: null));

        Assert.Equal("Checkpoint", Assert.Single(both.Errors).Field);
        Assert.Equal("Checkpoint", Assert.Single(neither.Errors).Field);
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    public async Task Given_a_user_without_the_promote_permission_When_registering_Then_forbidden(string actor)
    {
        var runId = await database.CompletedRunAsync();

        var result = await database.SendAsync(Command(runId, actor: actor));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
    }
}
