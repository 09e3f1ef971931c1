namespace Platform.Training.Checkpoints;

public sealed record CheckpointFile(long Step, string Path, string Sha256, long SizeBytes);
