using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using Platform.Training.BaseModels;
using Platform.Training.Execution;

namespace Platform.Training.Tests.BaseModels;

/// <summary>The domain on PostgreSQL plus the importer, with a models path of its own.</summary>
public sealed class ImportDatabase : DomainDatabase
{
    public string ModelsPath { get; } = Directory.CreateTempSubdirectory("platform-models-").FullName;

    public BaseModelImporter Importer => Services.GetRequiredService<BaseModelImporter>();

    protected override void AddServices(IServiceCollection services)
    {
        services.Configure<TrainingWorkerOptions>(options => options.ModelsPath = ModelsPath);
        services.AddSingleton<BaseModelImporter>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(ModelsPath, recursive: true);
    }
}
