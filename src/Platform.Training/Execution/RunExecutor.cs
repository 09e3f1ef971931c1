using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.FailingRun;
using Platform.Domain.Runs.GettingRun;
using Platform.Domain.Runs.GettingRunInputs;
using Platform.Domain.Runs.RecordingEvaluation;
using Platform.Domain.Users;
using Platform.Domain.Datasets.Blobs;
using Platform.Domain.Runs.LoggingMetrics;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;
using Platform.Training.Methods.FineTuning;
using Platform.Training.Methods.Pretraining;

namespace Platform.Training.Execution;

/// <summary>
/// Executes one claimed run — pretraining, or a fine-tuning method on a base model and a dataset
/// version, whose evaluations are recorded before it completes: trains on a dedicated thread and turns its progress into domain commands
/// (metrics in batches, checkpoints in order), then completes or fails the run — never leaves it running.
/// A resumed run continues from its checkpoint; a run cancelled meanwhile (checked every poll interval)
/// stops training and is left cancelled.
/// </summary>
public sealed class RunExecutor(IServiceScopeFactory scopes, IBlobStore blobs, IOptions<TrainingWorkerOptions> options, ILogger<RunExecutor> logger)
{
    public async Task ExecuteAsync(RunSummary run, CancellationToken cancellationToken)
    {
        var progress = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopTraining = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runDirectory = Path.Combine(options.Value.ArtifactsPath, "runs", run.Id.ToString());
        var inputs = RunMethods.Find(run.Config.Method)?.UsesBaseModel == true
            ? await scopes.TrySendInScopeAsync(new GetRunInputs(run.Config), cancellationToken)
            : null;
        var training = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var observer = new ChannelObserver(progress.Writer);
                    if (inputs is null)
                    {
                        var resumeFrom = run.ResumeFrom is { } checkpoint ? Path.GetDirectoryName(checkpoint.Path) : null;
                        return new TrainingOutcome(null, [], CharacterPretraining.Run(run.Config, runDirectory, observer, stopTraining.Token, resumeFrom));
                    }

                    if (run.ResumeFrom is not null)
                    {
                        throw new InvalidOperationException("Fine-tuning runs save their adapter only at the end, so they cannot resume from a checkpoint; start the run again.");
                    }

                    using var content = blobs.OpenRead(inputs.IsSuccess ? inputs.Value.Version.BlobLocation : throw new InvalidOperationException(string.Join(" ", inputs.Errors.Select(e => e.Message))));
                    return FineTuningRun.Run(run.Config, inputs.Value, content, runDirectory, observer, stopTraining.Token);
                }
                finally
                {
                    progress.Writer.Complete();
                }
            },
            stopTraining.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var recorder = new ProgressRecorder(run.Id, scopes, options.Value.MetricsFlushInterval);
        using var stopWatching = new CancellationTokenSource();
        var watch = WatchForCancellationAsync(run.Id, stopTraining, stopWatching.Token);
        try
        {
            await recorder.RecordAsync(progress.Reader, cancellationToken);
            var result = await training;
            await stopWatching.CancelAsync();
            await watch;
            foreach (var evaluation in result.Evaluations)
            {
                await scopes.SendInScopeAsync(new RecordEvaluation(run.Id, evaluation.Suite, evaluation.Split, evaluation.Metrics, SystemActor.Name), CancellationToken.None);
            }

            await scopes.SendInScopeAsync(new CompleteRun(run.Id, result.FinalMetrics), CancellationToken.None);
            logger.LogInformation("Run {RunId} completed: {Metrics}", run.Id, result.FinalMetrics);
        }
        catch (Exception failure)
        {
            // Whatever failed first, the training thread must stop before the run is recorded as failed.
            await stopTraining.CancelAsync();
            await training.ContinueWith(_ => { }, TaskScheduler.Default);
            await stopWatching.CancelAsync();
            await watch;
            if (await IsCancelledAsync(run.Id))
            {
                logger.LogInformation("Run {RunId} was cancelled; training stopped at step {Step}", run.Id, recorder.LastStep);
                return;
            }

            var step = (failure as NonFiniteLossException)?.Step ?? recorder.LastStep;
            logger.LogWarning(failure, "Run {RunId} failed at step {Step}", run.Id, step);
            // CancellationToken.None: a run whose host is shutting down must still be recorded as failed.
            await scopes.SendInScopeAsync(new FailRun(run.Id, Describe(failure), step), CancellationToken.None);
        }
    }

    /// <summary>Polls the run's status; when someone cancels it, stops the training thread (the run stays cancelled).</summary>
    private async Task WatchForCancellationAsync(Guid runId, CancellationTokenSource stopTraining, CancellationToken stopWatching)
    {
        try
        {
            while (!stopWatching.IsCancellationRequested)
            {
                await Task.Delay(options.Value.PollInterval, stopWatching);
                try
                {
                    if (await IsCancelledAsync(runId))
                    {
                        await stopTraining.CancelAsync();
                        return;
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A missed check is retried at the next interval; it must not end the run.
                    logger.LogWarning(error, "Could not check whether run {RunId} was cancelled", runId);
                }
            }
        }
        catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
        {
            // The run ended on its own.
        }
    }

    private async Task<bool> IsCancelledAsync(Guid runId)
    {
        var run = await scopes.TrySendInScopeAsync(new GetRun(runId), CancellationToken.None);
        return run.IsSuccess && run.Value.Status == RunStatus.Cancelled;
    }

    private static string Describe(Exception failure) => failure switch
    {
        NonFiniteLossException => failure.Message,
        OperationCanceledException => "The run was interrupted because its worker stopped.",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };

    /// <summary>Appends progress in arrival order; metric points that arrive close together share one event.</summary>
    private sealed class ProgressRecorder(Guid runId, IServiceScopeFactory scopes, TimeSpan flushInterval)
    {
        private readonly List<MetricPoint> pending = [];

        public long LastStep { get; private set; }

        public async Task RecordAsync(ChannelReader<object> reader, CancellationToken cancellationToken)
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                await Task.Delay(flushInterval, cancellationToken);
                while (reader.TryRead(out var item))
                {
                    if (item is MetricPoint point)
                    {
                        pending.Add(point);
                        continue;
                    }

                    await FlushAsync(cancellationToken);
                    var checkpoint = (CheckpointFile)item;
                    await scopes.SendInScopeAsync(
                        new RecordCheckpoint(runId, checkpoint.Step, checkpoint.Path, checkpoint.Sha256, checkpoint.SizeBytes), cancellationToken);
                }

                await FlushAsync(cancellationToken);
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count == 0)
            {
                return;
            }

            LastStep = await scopes.SendInScopeAsync(new LogMetrics(runId, pending.ToList()), cancellationToken);
            pending.Clear();
        }
    }

    private sealed class ChannelObserver(ChannelWriter<object> writer) : ITrainingObserver
    {
        public void OnMetrics(MetricPoint point) => writer.TryWrite(point);

        public void OnCheckpoint(CheckpointFile checkpoint) => writer.TryWrite(checkpoint);
    }
}
