using System.Text;
using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Datasets.Blobs;

namespace Platform.Domain.Datasets.GettingDatasetVersion;

/// <summary>A version and its first records (canonical JSON lines, read from the blob).</summary>
public sealed record DatasetVersionDetails(string DatasetName, DatasetVersionSummary Version, IReadOnlyList<string> Preview);

/// <summary>Version <paramref name="Number"/> (from 1) of a dataset, with a preview of up to <paramref name="PreviewCount"/> records.</summary>
public sealed record GetDatasetVersion(Guid DatasetId, int Number, int PreviewCount = 20) : IRequest<Result<DatasetVersionDetails>>;

public sealed class GetDatasetVersionValidator : AbstractValidator<GetDatasetVersion>
{
    public GetDatasetVersionValidator()
    {
        RuleFor(q => q.Number).GreaterThan(0);
        RuleFor(q => q.PreviewCount).InclusiveBetween(0, 1000);
    }
}

public sealed class GetDatasetVersionHandler(IQuerySession session, IBlobStore blobs) : IRequestHandler<GetDatasetVersion, Result<DatasetVersionDetails>>
{
    public async Task<Result<DatasetVersionDetails>> Handle(GetDatasetVersion query, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<DatasetSummary>(query.DatasetId, cancellationToken) is not { } dataset)
        {
            return Error.NotFound($"Dataset {query.DatasetId} does not exist.");
        }

        if (dataset.Versions.FirstOrDefault(v => v.Number == query.Number) is not { } version)
        {
            return Error.NotFound($"Dataset {dataset.Name} has no version {query.Number}.");
        }

        var preview = new List<string>();
        using var reader = new StreamReader(blobs.OpenRead(version.BlobLocation), Encoding.UTF8);
        while (preview.Count < query.PreviewCount && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            preview.Add(line);
        }

        return new DatasetVersionDetails(dataset.Name, version, preview);
    }
}
