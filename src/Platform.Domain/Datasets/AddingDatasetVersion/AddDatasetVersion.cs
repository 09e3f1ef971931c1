using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Datasets.Blobs;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Users;

namespace Platform.Domain.Datasets.AddingDatasetVersion;

public sealed record DatasetVersionAdded(
    Guid DatasetId,
    Guid VersionId,
    int Number,
    DatasetFileFormat Format,
    IReadOnlyList<DatasetField> Schema,
    int RecordCount,
    string Sha256,
    SplitSpec Split,
    IReadOnlyList<DatasetSplit> Splits,
    string Source,
    string BlobLocation,
    string AddedBy,
    DateTimeOffset AddedAt);

/// <summary>
/// Adds an immutable version to a dataset from an upload or an importer. Every record is checked against the
/// dataset's task kind; any bad line fails the whole command with one error per line and stores nothing.
/// Content the dataset already holds (same hash, same split) returns that version and appends nothing.
/// </summary>
public sealed record AddDatasetVersion(Guid DatasetId, DatasetSource Source, SplitSpec Split, string Actor, Guid? ClientCommandId = null)
    : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.ManageData;
}

public sealed class AddDatasetVersionValidator : AbstractValidator<AddDatasetVersion>
{
    public AddDatasetVersionValidator()
    {
        RuleFor(c => c.DatasetId).NotEmpty();
        RuleFor(c => c.Source).NotNull();
        RuleFor(c => c.Source).Must(s => s is not UploadedFile file || !string.IsNullOrWhiteSpace(file.FileName))
            .WithMessage("An upload needs its file name.");
        RuleFor(c => c.Source).Must(s => s is not UploadedFile file || file.FileFormat is DatasetFileFormat.Jsonl or DatasetFileFormat.Csv or DatasetFileFormat.Parquet)
            .WithMessage("An upload is JSONL, CSV or Parquet.");
        RuleFor(c => c.Split).NotNull().DependentRules(() =>
        {
            RuleFor(c => c.Split.ValidationFraction).InclusiveBetween(0, 1).WithName("ValidationFraction");
            RuleFor(c => c.Split.TestFraction).InclusiveBetween(0, 1).WithName("TestFraction");
            RuleFor(c => c.Split)
                .Must(s => s.ValidationFraction + s.TestFraction < 1)
                .WithMessage("Validation and test fractions together must leave records for training (sum below 1).");
            RuleFor(c => c.Split.Column).Must(c => c is null || c.Trim().Length > 0).WithName("Column").WithMessage("A split column needs a name.");
        });
    }
}

public sealed class AddDatasetVersionHandler(IDocumentSession session, IBlobStore blobs, ParseOptions options, TimeProvider clock)
    : IRequestHandler<AddDatasetVersion, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(AddDatasetVersion command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var stream = await session.Events.FetchForWriting<DatasetSummary>(command.DatasetId, cancellationToken);
        if (stream.Aggregate is not { } dataset)
        {
            return Error.NotFound($"Dataset {command.DatasetId} does not exist.");
        }

        var (content, errors) = DatasetContent.Normalise(command.Source.Read(dataset.TaskKind, options), dataset.TaskKind, command.Split);
        if (content is null)
        {
            return Result<Guid>.Fail(errors.Select(e => new Error(ErrorKind.Validation, e.ToString(), $"line {e.Line}")).ToList());
        }

        // Stored before the event: a blob whose event never lands is an unreferenced, content-addressed file, never a dangling event.
        var location = await blobs.PutAsync(content.Sha256, DatasetContent.ToJsonl(content.Lines), cancellationToken);
        var now = clock.GetUtcNow();
        var (versionId, added) = DatasetVersions.Decide(dataset, content, command.Split, command.Source, location, command.Actor, now, Guid.CreateVersion7());
        if (added is not null)
        {
            stream.AppendOne(added);
        }

        session.RecordOutcome(command, versionId, now);
        return await session.TrySaveChangesAsync($"Dataset {dataset.Name} changed while this version was added; send it again.", cancellationToken) is { } conflict
            ? conflict
            : versionId;
    }
}
