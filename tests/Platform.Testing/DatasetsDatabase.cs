using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Datasets;

namespace Platform.Testing;

/// <summary>The domain database with dataset blobs in a folder of this test class's own, deleted afterwards.</summary>
public sealed class DatasetsDatabase : DomainDatabase
{
    public string BlobRoot { get; } = Path.Combine(Path.GetTempPath(), $"platform-blobs-{Guid.NewGuid():N}");

    protected override void AddServices(IServiceCollection services) => services.AddDatasets(BlobRoot);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(BlobRoot))
        {
            Directory.Delete(BlobRoot, recursive: true);
        }
    }
}
