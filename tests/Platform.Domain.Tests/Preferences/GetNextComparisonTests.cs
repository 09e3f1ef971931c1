using Platform.Domain.Preferences.FlaggingComparison;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.GettingNextComparison;
using Platform.Domain.Preferences.SkippingComparison;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Preferences;

public sealed class GetNextComparisonTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    /// <summary>Comparisons in a batch of their own, so other tests' comparisons stay out of the queue.</summary>
    private async Task<(string Batch, List<Guid> Queue)> QueueAsync(int count, params string[] labels)
    {
        var runId = await Comparisons.RunAsync(database);
        var batch = $"batch-{Guid.NewGuid():N}";
        var queue = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            queue.Add((await database.SendAsync(Comparisons.Command(runId, labels) with { Batch = batch })).Value);
        }

        return (batch, queue);
    }

    private async Task<NextComparisons> NextAsync(string annotator, string batch) =>
        (await database.SendAsync(new GetNextComparison(annotator, batch))).Value;

    [Fact]
    public async Task Given_a_queue_When_an_annotator_ranks_skips_and_someone_flags_Then_next_hands_out_the_oldest_remaining_and_the_one_after()
    {
        var (batch, queue) = await QueueAsync(5, "a", "b");

        var start = await NextAsync(TestUsers.Annotator, batch);
        Assert.Equal([queue[0], queue[1]], new[] { start.Current!.ComparisonId, start.Following!.ComparisonId });

        var first = (await database.SendAsync(new GetComparison(queue[0]))).Value;
        Assert.True((await database.SendAsync(Comparisons.Ranking(first, TestUsers.Annotator, ["a"], ["b"]))).IsSuccess);
        Assert.True((await database.SendAsync(new SkipComparison(queue[1], "not sure", TestUsers.Annotator))).IsSuccess);
        Assert.True((await database.SendAsync(new FlagComparison(queue[2], "broken", TestUsers.Admin))).IsSuccess);

        var next = await NextAsync(TestUsers.Annotator, batch);
        Assert.Equal([queue[3], queue[4]], new[] { next.Current!.ComparisonId, next.Following!.ComparisonId });

        // Another annotator still gets the ones annie ranked and skipped, but not the flagged one.
        var other = await NextAsync(TestUsers.Admin, batch);
        Assert.Equal([queue[0], queue[1]], new[] { other.Current!.ComparisonId, other.Following!.ComparisonId });
    }

    [Fact]
    public async Task Given_a_comparison_When_handed_out_Then_its_candidates_come_in_display_order_with_their_texts_only()
    {
        var (batch, queue) = await QueueAsync(1, "a", "b", "c", "d");
        var comparison = (await database.SendAsync(new GetComparison(queue[0]))).Value;

        var next = await NextAsync(TestUsers.Annotator, batch);

        Assert.Equal(comparison.DisplayOrder, next.Current!.Candidates.Select(c => c.CandidateId));
        Assert.Equal(
            comparison.DisplayOrder.Select(id => comparison.Candidates.Single(c => c.CandidateId == id).Text),
            next.Current.Candidates.Select(c => c.Text));
        Assert.Null(next.Following);
    }

    [Fact]
    public async Task Given_an_annotator_who_did_everything_When_asking_for_the_next_Then_both_are_null()
    {
        var (batch, queue) = await QueueAsync(1, "a", "b");
        await database.SendAsync(new SkipComparison(queue[0], "pass", TestUsers.Annotator));

        var next = await NextAsync(TestUsers.Annotator, batch);

        Assert.Null(next.Current);
        Assert.Null(next.Following);
    }
}
