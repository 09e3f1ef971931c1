using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Platform.Domain.Registry.GettingPromotionEvidence;
using Platform.Domain.Registry.RegisteringAdapter;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

public sealed class PromotionEvidenceSourcesTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_evaluations_and_human_rankings_When_gathering_evidence_Then_both_are_named_with_their_sources()
    {
        var alias = RegistryScenario.FreshAlias();
        var runId = await database.CompletedRunAsync();
        var adapter = (await database.SendAsync(new RegisterAdapter(runId, 200, null, "lora-r8", alias.BaseModel, alias.Task, "lora", TestUsers.Researcher))).Value;
        var rival = await database.AdapterAsync(alias);
        Assert.True((await database.SendAsync(new RecordEvaluation(runId, "spam", "test", new Dictionary<string, double> { ["accuracy"] = 0.91 }, TestUsers.Researcher))).IsSuccess);

        // Two comparisons: the adapter wins one outright and ties the other, so its win-rate is (1 + 0.5) / 2.
        foreach (var tie in new[] { false, true })
        {
            var comparisonId = (await database.SendAsync(new CreateComparison(
                "Classify this mail.",
                [new CandidateDraft("spam", "ours", AdapterId: adapter), new CandidateDraft("ham", "theirs", AdapterId: rival)],
                TestUsers.Researcher,
                Seed: 1))).Value;
            var candidates = (await database.SendAsync(new GetComparison(comparisonId))).Value.Candidates;
            var ours = candidates.Single(c => c.AdapterId == adapter).CandidateId;
            var theirs = candidates.Single(c => c.AdapterId == rival).CandidateId;
            IReadOnlyList<IReadOnlyList<Guid>> tiers = tie ? [[ours, theirs]] : [[ours], [theirs]];
            Assert.True((await database.SendAsync(new SubmitRanking(comparisonId, tiers, TimeSpan.FromSeconds(5), TestUsers.Annotator))).IsSuccess);
        }

        var evidence = (await database.SendAsync(new GetPromotionEvidence(adapter))).Value;

        Assert.Equal(0.91, evidence.Metrics["spam/test/accuracy"].Value);
        Assert.Contains("evaluation spam/test", evidence.Metrics["spam/test/accuracy"].Source);
        Assert.Equal(0.75, evidence.HumanWinRate!.Value);
        Assert.Contains("2 ranked pairs", evidence.HumanWinRate.Source);
    }
}
