using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Domain.Common;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.FailingRun;

namespace Platform.Training.Execution;

/// <summary>Claims queued runs one at a time and executes them; hosted in the web process.</summary>
public sealed class RunWorker(IServiceScopeFactory scopes, RunExecutor executor, IOptions<TrainingWorkerOptions> options, ILogger<RunWorker> logger)
    : BackgroundService
{
    private const int ClaimCandidates = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = options.Value.WorkerName;
        await FailOrphanedRunsAsync(worker, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await ClaimNextAsync(worker, stoppingToken);
                if (claimed is null)
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                await executor.ExecuteAsync(claimed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database may be briefly unreachable; keep serving once it is back.
                logger.LogError(error, "The training worker hit an error; retrying after {Interval}", options.Value.PollInterval);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<Domain.Runs.RunSummary?> ClaimNextAsync(string worker, CancellationToken cancellationToken)
    {
        foreach (var runId in await scopes.SendInScopeAsync(new FindQueuedRuns(ClaimCandidates), cancellationToken))
        {
            var claim = await scopes.TrySendInScopeAsync(new ClaimRun(runId, worker), cancellationToken);
            if (claim.IsSuccess)
            {
                logger.LogInformation("Worker {Worker} claimed run {RunId}", worker, runId);
                return claim.Value;
            }
        }

        return null;
    }

    private async Task FailOrphanedRunsAsync(string worker, CancellationToken cancellationToken)
    {
        foreach (var runId in await scopes.SendInScopeAsync(new FindRunsHeldByWorker(worker), cancellationToken))
        {
            logger.LogWarning("Run {RunId} was left running by a previous instance of worker {Worker}; failing it", runId, worker);
            await scopes.SendInScopeAsync(new FailRun(runId, $"Worker {worker} restarted while the run was in progress.", null), cancellationToken);
        }
    }
}
