using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Common;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.RegisteringDataset;

namespace Platform.Training.Data.Importers;

/// <summary>
/// The built-in corpora, and the one way to import them: register the dataset (named after the importer;
/// idempotent) and add its records as a version through the domain. Importing again returns the same
/// version, since the same package gives the same content hash.
/// </summary>
public static class DatasetImporters
{
    /// <summary>The seed of the built-in datasets' validation/test split (10% each).</summary>
    public const int SplitSeed = 42;

    public static IReadOnlyList<IDatasetImporter> All { get; } =
        [new BrownTextImporter(), new BrownGenresImporter(), new BrownPosImporter(), new SpamAssassinImporter(), new CmuDictImporter()];

    public static IDatasetImporter? Find(string name) => All.FirstOrDefault(i => i.Name == name);

    /// <summary>Imports a built-in corpus as <paramref name="actor"/>: the dataset id and the version id.</summary>
    public static async Task<Result<(Guid DatasetId, Guid VersionId)>> ImportAsync(
        this IServiceScopeFactory scopes, string importerName, string actor, CancellationToken cancellationToken)
    {
        if (Find(importerName) is not { } importer)
        {
            return Error.NotFound($"No built-in importer '{importerName}'. Available: {string.Join(", ", All.Select(i => i.Name))}.");
        }

        var registered = await scopes.TrySendInScopeAsync(new RegisterDataset(importer.Name, importer.TaskKind, importer.Description, actor), cancellationToken);
        if (!registered.IsSuccess)
        {
            return Result<(Guid, Guid)>.Fail(registered.Errors);
        }

        var source = new ImportedRecords(importer.Name, importer.Records);
        var added = await scopes.TrySendInScopeAsync(new AddDatasetVersion(registered.Value, source, new SplitSpec(Seed: SplitSeed), actor), cancellationToken);
        return added.IsSuccess ? (registered.Value, added.Value) : Result<(Guid, Guid)>.Fail(added.Errors);
    }
}
