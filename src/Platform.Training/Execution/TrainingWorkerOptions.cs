namespace Platform.Training.Execution;

public sealed class TrainingWorkerOptions
{
    public const string Section = "Training";

    /// <summary>Where run artifacts (checkpoints) are written: <c>{ArtifactsPath}/runs/{runId}/</c>.</summary>
    public string ArtifactsPath { get; set; } = Path.Combine(".data", "artifacts");

    /// <summary>Folders of base models registered at start-up (each a Hugging Face model folder).</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary>The folder under <see cref="ModelsPath"/> that start-up makes the default base model.</summary>
    public string DefaultBaseModel { get; set; } = "brown-gpt2-small";

    /// <summary>Identifies this worker in RunStarted; a restarted worker fails the runs it held before.</summary>
    public string WorkerName { get; set; } = $"{Environment.MachineName}/web";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long metric points are gathered before they are appended as one MetricsLogged event.</summary>
    public TimeSpan MetricsFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
