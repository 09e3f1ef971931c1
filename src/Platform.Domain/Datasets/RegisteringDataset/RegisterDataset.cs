using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Users;

namespace Platform.Domain.Datasets.RegisteringDataset;

public sealed record DatasetRegistered(Guid DatasetId, string Name, DatasetTaskKind TaskKind, string Description, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>
/// Registers a dataset (no records yet; versions add them). Names are unique: registering the same name with
/// the same task kind again returns the existing dataset, so a retry is harmless; another kind conflicts.
/// </summary>
public sealed record RegisterDataset(string Name, DatasetTaskKind TaskKind, string Description, string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageData;
}

public sealed class RegisterDatasetValidator : AbstractValidator<RegisterDataset>
{
    public RegisterDatasetValidator()
    {
        RuleFor(c => c.Name)
            .NotEmpty()
            .MaximumLength(100)
            .Matches(@"^\s*[A-Za-z0-9][A-Za-z0-9._ -]*$").WithMessage("A dataset name starts with a letter or digit and holds letters, digits, spaces and . _ - only.");
        RuleFor(c => c.TaskKind).IsInEnum();
        RuleFor(c => c.Description).NotNull().MaximumLength(2000);
    }
}

public sealed class RegisterDatasetHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RegisterDataset, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RegisterDataset command, CancellationToken cancellationToken)
    {
        var id = DatasetSummary.IdFor(command.Name);
        if (await session.LoadAsync<DatasetSummary>(id, cancellationToken) is { } existing)
        {
            return existing.TaskKind == command.TaskKind
                ? id
                : Error.Conflict($"A dataset named {existing.Name} already exists, for {existing.TaskKind}; choose another name.");
        }

        session.Events.StartStream<DatasetSummary>(id, new DatasetRegistered(
            id, command.Name.Trim(), command.TaskKind, command.Description.Trim(), command.Actor, clock.GetUtcNow()));
        return await session.TrySaveNewStreamAsync(id, $"A dataset named {command.Name} was registered concurrently; reload and retry.", cancellationToken);
    }
}
