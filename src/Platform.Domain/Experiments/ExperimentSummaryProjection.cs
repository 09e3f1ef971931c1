using Marten.Events.Aggregation;
using Platform.Domain.Experiments.CreatingExperiment;
using Platform.Domain.Experiments.StartingSweep;

namespace Platform.Domain.Experiments;

public sealed class ExperimentSummaryProjection : SingleStreamProjection<ExperimentSummary, Guid>
{
    public static ExperimentSummary Create(ExperimentCreated created) => new()
    {
        Id = created.ExperimentId,
        Name = created.Name,
        Question = created.Question,
        Task = created.Task,
        Objective = created.Objective,
        CreatedBy = created.CreatedBy,
        CreatedAt = created.CreatedAt,
    };

    public static ExperimentSummary Apply(SweepQueued sweep, ExperimentSummary experiment) =>
        experiment with { SweepCount = experiment.SweepCount + 1, SweptRunCount = experiment.SweptRunCount + sweep.RunIds.Count };
}
