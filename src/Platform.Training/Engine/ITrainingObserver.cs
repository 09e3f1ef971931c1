using Platform.Domain.Runs;
using Platform.Training.Checkpoints;

namespace Platform.Training.Engine;

/// <summary>Receives a training loop's progress in order; called on the training thread, so implementations only hand off.</summary>
public interface ITrainingObserver
{
    void OnMetrics(MetricPoint point);

    void OnCheckpoint(CheckpointFile checkpoint);
}
