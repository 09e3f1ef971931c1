using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.FailingRun;

public sealed record RunFailed(Guid RunId, string Reason, long? Step, DateTimeOffset FailedAt);

/// <summary>Ends a run that cannot go on (an exception, a non-finite loss), so that no run stays running forever.</summary>
public sealed record FailRun(Guid RunId, string Reason, long? Step) : IRequest<Result<RunSummary>>;

public sealed class FailRunValidator : AbstractValidator<FailRun>
{
    public FailRunValidator() => RuleFor(c => c.Reason).NotEmpty();
}

public sealed class FailRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<FailRun, Result<RunSummary>>
{
    public async Task<Result<RunSummary>> Handle(FailRun command, CancellationToken cancellationToken)
    {
        var error = await session.AppendToRunningRunAsync(command.RunId, new RunFailed(command.RunId, command.Reason, command.Step, clock.GetUtcNow()), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return (await session.LoadAsync<RunSummary>(command.RunId, cancellationToken))!;
    }
}
