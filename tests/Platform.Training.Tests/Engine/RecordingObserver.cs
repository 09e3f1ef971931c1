using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;

namespace Platform.Training.Tests.Engine;

internal sealed class RecordingObserver : ITrainingObserver
{
    public List<MetricPoint> Metrics { get; } = [];

    public List<CheckpointFile> Checkpoints { get; } = [];

    public IReadOnlyList<double> Losses => Metrics.Select(p => p.Values[MetricNames.TrainLoss]).ToList();

    public void OnMetrics(MetricPoint point) => Metrics.Add(point);

    public void OnCheckpoint(CheckpointFile checkpoint) => Checkpoints.Add(checkpoint);
}
