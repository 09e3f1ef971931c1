using Platform.Domain.Common;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Domain.Users;
using Platform.Domain.Users.ChangingRole;
using Platform.Domain.Users.RegisteringUser;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Users;

public sealed class RoleCheckTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Annotator)]
    [InlineData("mallory")]
    [InlineData("")]
    public async Task Given_a_user_without_the_run_permission_When_starting_a_run_Then_it_is_forbidden_and_nothing_is_appended(string actor)
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new StartRun(RunConfigs.Valid(), actor));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Theory]
    [InlineData(TestUsers.Researcher)]
    [InlineData(TestUsers.Admin)]
    [InlineData(SystemActor.Name)]
    public async Task Given_a_researcher_admin_or_the_platform_When_starting_a_run_Then_it_is_queued_and_records_who_acted(string actor)
    {
        var result = await database.SendAsync(new StartRun(RunConfigs.Valid(), actor));

        var stored = Assert.Single(await database.StreamAsync(result.Value));
        Assert.Equal(actor, Assert.IsType<RunQueued>(stored.Data).QueuedBy);
        Assert.Equal(actor, stored.UserName);
    }

    [Fact]
    public async Task Given_a_worker_command_When_it_appends_Then_the_event_records_the_platform_as_the_actor()
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid(), TestUsers.Researcher))).Value;

        await database.SendAsync(new Platform.Domain.Runs.ClaimingRun.ClaimRun(runId, "worker-1"));

        Assert.Equal(SystemActor.Name, (await database.StreamAsync(runId))[^1].UserName);
    }

    [Fact]
    public async Task Given_an_invalid_command_from_a_forbidden_user_When_sent_Then_the_role_check_answers_first()
    {
        var result = await database.SendAsync(new StartRun(RunConfigs.Valid() with { LearningRate = -1 }, TestUsers.Viewer));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_researcher_When_registering_a_user_Then_only_an_admin_may()
    {
        var denied = await database.SendAsync(new RegisterUser("bob", Role.Researcher, TestUsers.Researcher));
        var allowed = await database.SendAsync(new RegisterUser("bob", Role.Researcher, TestUsers.Admin));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(denied.Errors).Kind);
        Assert.Equal(UserAccount.IdFor("bob"), allowed.Value);
    }

    [Fact]
    public async Task Given_a_registered_user_When_registering_the_same_name_again_Then_the_same_role_is_idempotent_and_another_role_conflicts()
    {
        var first = await database.SendAsync(new RegisterUser("carol", Role.Annotator, TestUsers.Admin));
        var again = await database.SendAsync(new RegisterUser("Carol", Role.Annotator, TestUsers.Admin));
        var otherRole = await database.SendAsync(new RegisterUser("carol", Role.Admin, TestUsers.Admin));

        Assert.Equal(first.Value, again.Value);
        Assert.Single(await database.StreamAsync(first.Value));
        Assert.Equal(ErrorKind.Conflict, Assert.Single(otherRole.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_viewer_promoted_to_researcher_When_starting_a_run_Then_the_new_role_applies()
    {
        await database.SendAsync(new RegisterUser("dave", Role.Viewer, TestUsers.Admin));
        Assert.False((await database.SendAsync(new StartRun(RunConfigs.Valid(), "dave"))).IsSuccess);

        var changed = await database.SendAsync(new ChangeUserRole("dave", Role.Researcher, TestUsers.Admin));
        var started = await database.SendAsync(new StartRun(RunConfigs.Valid(), "dave"));

        Assert.Equal(Role.Researcher, changed.Value.Role);
        Assert.True(started.IsSuccess);
        var stream = await database.StreamAsync(UserAccount.IdFor("dave"));
        Assert.Equal([typeof(UserRegistered), typeof(UserRoleChanged)], stream.Select(e => e.Data.GetType()));
    }

    [Fact]
    public async Task Given_the_reserved_system_name_When_registering_it_as_a_user_Then_it_is_invalid()
    {
        var result = await database.SendAsync(new RegisterUser(SystemActor.Name, Role.Viewer, TestUsers.Admin));

        Assert.Equal(ErrorKind.Validation, Assert.Single(result.Errors).Kind);
    }
}
