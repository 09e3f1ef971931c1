using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using Platform.Training.Execution;

namespace Platform.Training.Tests.Execution;

/// <summary>The domain on PostgreSQL plus the run executor, writing artifacts to a temporary folder.</summary>
public sealed class WorkerDatabase : DomainDatabase
{
    public string ArtifactsPath { get; } = Directory.CreateTempSubdirectory("platform-worker-").FullName;

    public RunExecutor Executor => Services.GetRequiredService<RunExecutor>();

    protected override void AddServices(IServiceCollection services)
    {
        services.Configure<TrainingWorkerOptions>(options =>
        {
            options.ArtifactsPath = ArtifactsPath;
            options.MetricsFlushInterval = TimeSpan.FromMilliseconds(50);
            options.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        services.AddSingleton<RunExecutor>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(ArtifactsPath, recursive: true);
    }
}
