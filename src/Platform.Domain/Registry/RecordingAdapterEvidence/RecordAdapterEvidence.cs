using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.RecordingAdapterEvidence;

public sealed record AdapterEvidenceRecorded(
    Guid AdapterId,
    string Source,
    IReadOnlyDictionary<string, double> Metrics,
    double? HumanWinRate,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>
/// Records evidence about an adapter measured elsewhere (an evaluation suite, a human study), named by
/// its source; promotion gates read it through GetPromotionEvidence, later records overriding earlier ones.
/// </summary>
public sealed record RecordAdapterEvidence(
    Guid AdapterId,
    string Source,
    IReadOnlyDictionary<string, double> Metrics,
    double? HumanWinRate,
    string Actor) : IRequest<Result<AdapterSummary>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class RecordAdapterEvidenceValidator : AbstractValidator<RecordAdapterEvidence>
{
    public RecordAdapterEvidenceValidator()
    {
        RuleFor(c => c.AdapterId).NotEmpty();
        RuleFor(c => c.Source).NotEmpty().MaximumLength(500);
        RuleFor(c => c.Metrics).NotNull();
        RuleForEach(c => c.Metrics)
            .Must(m => !string.IsNullOrWhiteSpace(m.Key) && double.IsFinite(m.Value))
            .WithMessage("Every metric needs a name and a finite value.");
        RuleFor(c => c.HumanWinRate).InclusiveBetween(0, 1);
        RuleFor(c => c)
            .Must(c => c.Metrics is { Count: > 0 } || c.HumanWinRate is not null)
            .WithName("Evidence")
            .WithMessage("Record at least one metric or a human win-rate.");
    }
}

public sealed class RecordAdapterEvidenceHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RecordAdapterEvidence, Result<AdapterSummary>>
{
    public async Task<Result<AdapterSummary>> Handle(RecordAdapterEvidence command, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<AdapterSummary>(command.AdapterId, cancellationToken);
        if (stream.Aggregate is null)
        {
            return Error.NotFound($"Adapter {command.AdapterId} does not exist.");
        }

        stream.AppendOne(new AdapterEvidenceRecorded(command.AdapterId, command.Source, command.Metrics, command.HumanWinRate, command.Actor, clock.GetUtcNow()));
        if (await session.TrySaveChangesAsync($"Adapter {command.AdapterId} changed concurrently; send the evidence again.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return (await session.LoadAsync<AdapterSummary>(command.AdapterId, cancellationToken))!;
    }
}
