using Platform.Domain.Common;
using Platform.Domain.Preferences;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

public sealed class CreateComparisonTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_researcher_When_creating_a_comparison_Then_it_is_open_with_its_candidates_in_a_recorded_order()
    {
        var runId = await Comparisons.RunAsync(database);

        var comparison = await Comparisons.CreateAsync(database, runId, "base", "sft", "dpo");

        var created = Assert.IsType<ComparisonCreated>(Assert.Single(await database.StreamAsync(comparison.Id)).Data);
        Assert.Equal(ComparisonStatus.Open, comparison.Status);
        Assert.Equal(["base", "sft", "dpo"], comparison.Candidates.Select(c => c.ModelLabel));
        Assert.All(comparison.Candidates, c => Assert.Equal(runId, c.RunId));
        Assert.Equal(created.DisplayOrder, comparison.DisplayOrder);
        Assert.Equal(comparison.Candidates.Select(c => c.CandidateId).Order(), comparison.DisplayOrder.Order());
        Assert.Equal(TestUsers.Researcher, comparison.CreatedBy);
    }

    [Theory]
    [InlineData(TestUsers.Annotator)]
    [InlineData(TestUsers.Viewer)]
    public async Task Given_an_annotator_or_viewer_When_creating_a_comparison_Then_it_is_forbidden_and_nothing_is_appended(string actor)
    {
        var runId = await Comparisons.RunAsync(database);
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(Comparisons.Command(runId, "a", "b") with { Actor = actor });

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(result.Errors).Kind);
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_same_CreateComparison_is_sent_twice_Then_one_comparison_is_created()
    {
        var runId = await Comparisons.RunAsync(database);
        var command = Comparisons.Command(runId, "a", "b") with { ClientCommandId = Guid.NewGuid() };
        var eventsBefore = await database.CountAllEventsAsync();

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(eventsBefore + 1, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_malformed_comparisons_When_creating_them_Then_validation_errors_and_nothing_is_appended()
    {
        var runId = await Comparisons.RunAsync(database);
        var valid = Comparisons.Command(runId, "a", "b");
        var eventsBefore = await database.CountAllEventsAsync();

        CreateComparison[] invalid =
        [
            Comparisons.Command(runId, "a"),
            valid with { Prompt = "" },
            valid with { DisplayOrder = [0, 0] },
            valid with { DisplayOrder = [0, 1, 2] },
            valid with { Candidates = [new CandidateDraft("text", "a"), new CandidateDraft("text", "b", runId)] },
            valid with { Candidates = [new CandidateDraft("", "a", runId), new CandidateDraft("text", "", runId)] },
        ];

        foreach (var command in invalid)
        {
            var result = await database.SendAsync(command);
            Assert.All(result.Errors, e => Assert.Equal(ErrorKind.Validation, e.Kind));
            Assert.NotEmpty(result.Errors);
        }

        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_a_candidate_from_an_unknown_run_When_creating_Then_not_found()
    {
        var result = await database.SendAsync(Comparisons.Command(Guid.NewGuid(), "a", "b"));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_candidate_from_an_adapter_only_When_creating_Then_it_is_accepted()
    {
        var runId = await Comparisons.RunAsync(database);
        var adapterId = Guid.NewGuid();
        var command = Comparisons.Command(runId, "a") with
        {
            Candidates = [new CandidateDraft("from a run", "a", runId), new CandidateDraft("from an adapter", "b", AdapterId: adapterId)],
        };

        var id = (await database.SendAsync(command)).Value;

        var created = Assert.IsType<ComparisonCreated>(Assert.Single(await database.StreamAsync(id)).Data);
        Assert.Equal(adapterId, created.Candidates[1].AdapterId);
    }
}
