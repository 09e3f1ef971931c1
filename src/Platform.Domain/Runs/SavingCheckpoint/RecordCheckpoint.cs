using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.SavingCheckpoint;

public sealed record CheckpointSaved(Guid RunId, long Step, string Path, string Sha256, long SizeBytes, DateTimeOffset SavedAt);

/// <summary>Records a checkpoint file the worker has written (safetensors), with its hash and size.</summary>
public sealed record RecordCheckpoint(Guid RunId, long Step, string Path, string Sha256, long SizeBytes) : IRequest<Result<long>>;

public sealed class RecordCheckpointValidator : AbstractValidator<RecordCheckpoint>
{
    public RecordCheckpointValidator()
    {
        RuleFor(c => c.Step).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Path).NotEmpty();
        RuleFor(c => c.Sha256).Matches("^[0-9a-f]{64}$").WithMessage("SHA-256 must be 64 lowercase hex digits.");
        RuleFor(c => c.SizeBytes).GreaterThan(0);
    }
}

public sealed class RecordCheckpointHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RecordCheckpoint, Result<long>>
{
    public async Task<Result<long>> Handle(RecordCheckpoint command, CancellationToken cancellationToken)
    {
        var saved = new CheckpointSaved(command.RunId, command.Step, command.Path, command.Sha256, command.SizeBytes, clock.GetUtcNow());
        var error = await session.AppendToRunningRunAsync(command.RunId, saved, cancellationToken);
        return error is null ? command.Step : error;
    }
}
