using Platform.Domain.Preferences;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.SubmittingRanking;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Testing;

namespace Platform.Domain.Tests.Preferences;

/// <summary>Comparisons and rankings for the preference tests.</summary>
public static class Comparisons
{
    public static CreateComparison Command(Guid runId, params string[] modelLabels) =>
        new($"Prompt {Guid.NewGuid():N}", modelLabels.Select(m => new CandidateDraft($"answer by {m}", m, runId)).ToList(), TestUsers.Researcher, Seed: 7);

    /// <summary>A queued run for the candidates to point at.</summary>
    public static async Task<Guid> RunAsync(DomainDatabase database) =>
        (await database.SendAsync(new StartRun(RunConfigs.Valid("preference-source"), TestUsers.Researcher))).Value;

    public static async Task<ComparisonSummary> CreateAsync(DomainDatabase database, Guid runId, params string[] modelLabels)
    {
        var id = (await database.SendAsync(Command(runId, modelLabels))).Value;
        return (await database.SendAsync(new GetComparison(id))).Value;
    }

    /// <summary>The candidate ids of <paramref name="comparison"/> by model label, in tiers (best first).</summary>
    public static IReadOnlyList<IReadOnlyList<Guid>> Tiers(ComparisonSummary comparison, params string[][] labelTiers) =>
        labelTiers.Select(tier => (IReadOnlyList<Guid>)tier.Select(label => comparison.Candidates.Single(c => c.ModelLabel == label).CandidateId).ToList()).ToList();

    public static SubmitRanking Ranking(ComparisonSummary comparison, string annotator, params string[][] labelTiers) =>
        new(comparison.Id, Tiers(comparison, labelTiers), TimeSpan.FromSeconds(30), annotator);
}
