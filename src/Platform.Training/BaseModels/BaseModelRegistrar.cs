using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Domain.BaseModels.ChoosingDefault;
using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Training.Execution;

namespace Platform.Training.BaseModels;

/// <summary>
/// At start-up, registers every model folder under the models path (the built-in base model among
/// them) as an event, and makes the configured one the default base model.
/// </summary>
public sealed class BaseModelRegistrar(IServiceScopeFactory scopes, IOptions<TrainingWorkerOptions> options, ILogger<BaseModelRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = options.Value.ModelsPath;
        if (!Directory.Exists(root))
        {
            logger.LogWarning("No models folder at {Path}; no base model is registered", root);
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Where(BaseModelFolder.IsModel).Order(StringComparer.Ordinal))
        {
            var command = BaseModelFolder.Describe(folder, SystemActor.Name);
            var id = await scopes.SendInScopeAsync(command, cancellationToken);
            logger.LogInformation("Base model {Name} ({Sha256}) is registered as {Id}", command.Name, command.Sha256[..12], id);
            if (Path.GetFileName(folder) == options.Value.DefaultBaseModel)
            {
                await scopes.SendInScopeAsync(new ChooseDefaultBaseModel(id, SystemActor.Name), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
