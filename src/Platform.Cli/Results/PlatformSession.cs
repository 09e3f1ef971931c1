using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Domain;
using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Experiments.CreatingExperiment;
using Platform.Domain.Runs;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Users;
using Platform.Domain.Users.RegisteringUser;
using Platform.Training.BaseModels;
using Platform.Training.Data.Importers;
using Platform.Training.Execution;

namespace Platform.Cli.Results;

/// <summary>
/// The platform's domain and run executor in this process, on the platform's database: studies queue
/// runs as commands and execute them as the worker would, so they appear on the platform's leaderboard.
/// </summary>
internal sealed class PlatformSession : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private PlatformSession(ServiceProvider services) => this.services = services;

    public static string Operator { get; } = string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;

    private IServiceScopeFactory Scopes => services.GetRequiredService<IServiceScopeFactory>();

    public static async Task<PlatformSession> OpenAsync(string connectionString, string artifactsPath, CancellationToken cancellationToken)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        collection.AddPlatformDomain(connectionString);
        collection.Configure<TrainingWorkerOptions>(options => options.ArtifactsPath = artifactsPath);
        collection.AddSingleton<RunExecutor>();
        var session = new PlatformSession(collection.BuildServiceProvider());
        await session.services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Already registered (by an earlier study or by the web app, which registers its operator the same way) is fine.
        await session.Scopes.TrySendInScopeAsync(new RegisterUser(Operator, Role.Admin, SystemActor.Name), cancellationToken);
        return session;
    }

    /// <summary>Registers a base model folder (again: registration is idempotent) and returns its id.</summary>
    public Task<Guid> RegisterBaseModelAsync(string folder, CancellationToken cancellationToken) =>
        Scopes.SendInScopeAsync(BaseModelFolder.Describe(folder, SystemActor.Name), cancellationToken);

    /// <summary>Imports a built-in corpus (the same version if already imported): dataset and version ids.</summary>
    public async Task<(Guid DatasetId, Guid VersionId)> ImportAsync(string importer, CancellationToken cancellationToken)
    {
        var imported = await Scopes.ImportAsync(importer, Operator, cancellationToken);
        return imported.IsSuccess ? imported.Value : throw new InvalidOperationException(string.Join(" ", imported.Errors.Select(e => e.Message)));
    }

    public Task<Guid> CreateExperimentAsync(string name, string question, string task, string metric, CancellationToken cancellationToken) =>
        Scopes.SendInScopeAsync(new CreateExperiment(name, question, task, metric, OptimisationDirection.Maximise, Operator, Guid.NewGuid()), cancellationToken);

    /// <summary>Queues, claims and executes one run; the completed or failed run.</summary>
    public async Task<RunSummary> RunAsync(RunConfig config, Guid experimentId, CancellationToken cancellationToken)
    {
        var runId = await Scopes.SendInScopeAsync(new StartRun(config, Operator, Guid.NewGuid(), experimentId), cancellationToken);
        var claimed = await Scopes.SendInScopeAsync(new ClaimRun(runId, $"platform-cli@{Environment.MachineName}"), cancellationToken);
        await services.GetRequiredService<RunExecutor>().ExecuteAsync(claimed, cancellationToken);
        return await Scopes.SendInScopeAsync(new GetRun(runId), cancellationToken);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
