namespace Platform.Domain.Runs;

public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
