namespace Platform.Domain.Runs;

/// <summary>A checkpoint of a run: the step it was written at and its weights file (its folder holds the training state).</summary>
public sealed record CheckpointReference(long Step, string Path);
