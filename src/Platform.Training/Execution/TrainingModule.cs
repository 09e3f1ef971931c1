using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Training.BaseModels;

namespace Platform.Training.Execution;

public static class TrainingModule
{
    /// <summary>Runs queued runs in this process (the executor and the worker that claims runs) and registers the base models.</summary>
    public static IServiceCollection AddTrainingWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TrainingWorkerOptions>(configuration.GetSection(TrainingWorkerOptions.Section));
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<BaseModelImporter>();
        services.AddHostedService<BaseModelRegistrar>();
        return services.AddHostedService<RunWorker>();
    }
}
