using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.SubmittingRanking;

namespace Platform.Web.Features.Preferences;

/// <summary>The body of <c>POST /api/comparisons</c>; the acting user comes from the host, not the body.</summary>
public sealed record CreateComparisonRequest(
    string Prompt,
    IReadOnlyList<CandidateDraft> Candidates,
    string? Batch = null,
    int? Seed = null,
    IReadOnlyList<int>? DisplayOrder = null,
    Guid? ClientCommandId = null)
{
    public CreateComparison ToCommand(string actor) => new(Prompt, Candidates, actor, Batch, Seed, DisplayOrder, ClientCommandId);
}

/// <summary>The body of <c>POST /api/comparisons/{id}/rankings</c>: tiers of candidate ids, best first.</summary>
public sealed record SubmitRankingRequest(
    IReadOnlyList<IReadOnlyList<Guid>> Tiers,
    double TimeSpentSeconds,
    string? Comment = null,
    Guid? ClientCommandId = null)
{
    public SubmitRanking ToCommand(Guid comparisonId, string actor) =>
        new(comparisonId, Tiers, TimeSpan.FromSeconds(double.IsFinite(TimeSpentSeconds) ? TimeSpentSeconds : -1), actor, Comment, ClientCommandId);
}

/// <summary>The body of skip and flag requests.</summary>
public sealed record ReasonRequest(string Reason);
