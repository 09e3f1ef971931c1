using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Users;

namespace Platform.Domain.Preferences.CreatingComparison;

public sealed record ComparisonCreated(
    Guid ComparisonId,
    string Prompt,
    IReadOnlyList<ComparisonCandidate> Candidates,
    IReadOnlyList<Guid> DisplayOrder,
    int? Seed,
    string? Batch,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>A response to compare, before it has an id.</summary>
public sealed record CandidateDraft(string Text, string ModelLabel, Guid? RunId = null, Guid? AdapterId = null);

/// <summary>
/// Puts k responses to one prompt up for ranking. The display order is <paramref name="DisplayOrder"/>
/// (a permutation of the candidates' indexes) when given, otherwise a shuffle seeded by
/// <paramref name="Seed"/> (or a fresh seed); either way the order is recorded in the event.
/// </summary>
public sealed record CreateComparison(
    string Prompt,
    IReadOnlyList<CandidateDraft> Candidates,
    string Actor,
    string? Batch = null,
    int? Seed = null,
    IReadOnlyList<int>? DisplayOrder = null,
    Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public const int MaxCandidates = 16;

    public Permission RequiredPermission => Permission.RunExperiments;
}

public sealed class CreateComparisonValidator : AbstractValidator<CreateComparison>
{
    public CreateComparisonValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.Prompt).NotEmpty().MaximumLength(20_000);
        RuleFor(c => c.Batch).MaximumLength(200);
        RuleFor(c => c.Candidates)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .Must(c => c.Count is >= 2 and <= CreateComparison.MaxCandidates)
            .WithMessage($"A comparison needs between 2 and {CreateComparison.MaxCandidates} candidates.");
        RuleForEach(c => c.Candidates).ChildRules(candidate =>
        {
            candidate.RuleFor(c => c.Text).NotEmpty().MaximumLength(20_000);
            candidate.RuleFor(c => c.ModelLabel).NotEmpty().MaximumLength(200);
            candidate.RuleFor(c => c)
                .Must(c => c.RunId is not null || c.AdapterId is not null)
                .WithName("Source")
                .WithMessage("Each candidate names the run or the adapter that produced it.");
        });
        RuleFor(c => c.DisplayOrder)
            .Must((c, order) => order!.Order().SequenceEqual(Enumerable.Range(0, c.Candidates.Count)))
            .When(c => c.DisplayOrder is not null && c.Candidates is not null)
            .WithMessage("The display order must be a permutation of the candidates' indexes 0..k-1.");
    }
}

/// <summary>The pure part of creating a comparison: ids given, the display order drawn or taken.</summary>
public static class ComparisonCreation
{
    public static ComparisonCreated Decide(CreateComparison command, Guid comparisonId, IReadOnlyList<Guid> candidateIds, int freshSeed, DateTimeOffset now)
    {
        var candidates = command.Candidates
            .Select((c, i) => new ComparisonCandidate(candidateIds[i], c.Text, c.ModelLabel.Trim(), c.RunId, c.AdapterId))
            .ToList();
        int? seed = command.DisplayOrder is null ? command.Seed ?? freshSeed : null;
        var order = command.DisplayOrder?.ToArray() ?? Shuffled(candidates.Count, seed!.Value);
        return new ComparisonCreated(
            comparisonId, command.Prompt, candidates, order.Select(i => candidates[i].CandidateId).ToList(), seed, command.Batch, command.Actor, now);
    }

    private static int[] Shuffled(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}

public sealed class CreateComparisonHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateComparison, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(CreateComparison command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        foreach (var runId in command.Candidates.Select(c => c.RunId).OfType<Guid>().Distinct())
        {
            if (await session.LoadAsync<RunSummary>(runId, cancellationToken) is null)
            {
                return Error.NotFound($"Run {runId} does not exist.");
            }
        }

        var comparisonId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var created = ComparisonCreation.Decide(
            command, comparisonId, command.Candidates.Select(_ => Guid.CreateVersion7()).ToList(), Random.Shared.Next(), now);
        session.Events.StartStream<ComparisonSummary>(comparisonId, created);
        session.RecordOutcome(command, comparisonId, now);
        return await session.TrySaveNewStreamAsync(comparisonId, "The same command was being processed concurrently; send it again to get its comparison.", cancellationToken);
    }
}
