using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Evaluation.Preferences;

namespace Platform.Domain.Preferences.GettingModelStrengths;

/// <summary>
/// One model's pairwise record over the rankings (a tie is half a win) and its Bradley–Terry strength
/// (geometric mean 1 over the models: 2 means twice the odds of the average model).
/// </summary>
public sealed record ModelStrength(string ModelLabel, int Comparisons, int Wins, int Losses, int Ties, double WinRate, double Strength);

/// <summary>Model strengths as of event sequence <see cref="Sequence"/>, the same feedback as the preference snapshot of that number; strongest first.</summary>
public sealed record ModelStrengthsReport(long Sequence, IReadOnlyList<ModelStrength> Models);

/// <param name="Prior">Virtual wins and losses per model against an average opponent, so an undefeated model keeps a finite strength.</param>
public sealed record GetModelStrengths(long? UpToSequence = null, double Prior = GetModelStrengths.DefaultPrior) : IRequest<Result<ModelStrengthsReport>>
{
    public const double DefaultPrior = 0.5;
}

public sealed class GetModelStrengthsValidator : AbstractValidator<GetModelStrengths>
{
    public GetModelStrengthsValidator()
    {
        RuleFor(q => q.UpToSequence).GreaterThanOrEqualTo(0);
        // A prior of 0 leaves undefeated and winless models without a finite strength, so the API always keeps one.
        RuleFor(q => q.Prior).Must(p => double.IsFinite(p) && p is > 0 and <= 100).WithMessage("The prior is more than 0 and at most 100 virtual games.");
    }
}

public static class ModelStrengths
{
    /// <summary>Candidate pairs become model pairs; two candidates of the same model decide nothing about it and drop out.</summary>
    public static ModelStrengthsReport Compute(PreferenceHistory history, double prior)
    {
        var comparisonsByModel = new Dictionary<string, HashSet<Guid>>();
        foreach (var ((_, ranking), comparison) in history.Feedback)
        {
            var labels = comparison.Candidates.ToDictionary(c => c.CandidateId, c => c.ModelLabel);
            foreach (var label in ranking.Tiers.SelectMany(t => t).Select(c => labels[c]))
            {
                if (!comparisonsByModel.TryGetValue(label, out var seen))
                {
                    comparisonsByModel[label] = seen = [];
                }

                seen.Add(comparison.Id);
            }
        }

        var outcomes = history.Outcomes(c => c.ModelLabel).ToList();
        var records = WinRecord.Tally(outcomes);
        var strengths = BradleyTerry.Fit(outcomes, prior);
        var models = records.Keys
            .Select(m => new ModelStrength(
                m, comparisonsByModel[m].Count, records[m].Wins, records[m].Losses, records[m].Ties, records[m].WinRate, strengths[m]))
            .OrderByDescending(m => m.Strength)
            .ThenBy(m => m.ModelLabel, StringComparer.Ordinal)
            .ToList();
        return new ModelStrengthsReport(history.Sequence, models);
    }
}

public sealed class GetModelStrengthsHandler(IQuerySession session) : IRequestHandler<GetModelStrengths, Result<ModelStrengthsReport>>
{
    public async Task<Result<ModelStrengthsReport>> Handle(GetModelStrengths query, CancellationToken cancellationToken)
    {
        var history = await PreferenceHistory.LoadAsync(session, query.UpToSequence, cancellationToken);
        return history.IsSuccess ? ModelStrengths.Compute(history.Value, query.Prior) : Result<ModelStrengthsReport>.Fail(history.Errors);
    }
}
