using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Training.Execution;

public static class TrainingModule
{
    /// <summary>Runs queued runs in this process: the executor and the background worker that claims runs.</summary>
    public static IServiceCollection AddTrainingWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TrainingWorkerOptions>(configuration.GetSection(TrainingWorkerOptions.Section));
        services.AddSingleton<RunExecutor>();
        return services.AddHostedService<RunWorker>();
    }
}
