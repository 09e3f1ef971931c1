using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Datasets.Blobs;
using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Datasets;

public static class DatasetsModule
{
    /// <summary>What dataset commands need beyond Marten: where blobs go and the upload limits. A later registration replaces these.</summary>
    public static IServiceCollection AddDatasets(this IServiceCollection services, string blobRoot = FileSystemBlobStore.DefaultRoot) =>
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(blobRoot)).AddSingleton(ParseOptions.Default);
}
