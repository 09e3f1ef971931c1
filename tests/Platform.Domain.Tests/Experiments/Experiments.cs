using Platform.Domain.Experiments;
using Platform.Domain.Experiments.CreatingExperiment;
using Platform.Testing;

namespace Platform.Domain.Tests.Experiments;

internal static class Experiments
{
    public static CreateExperiment Create(string name = "lr study", string task = "brown-lm", string actor = TestUsers.Researcher, Guid? clientCommandId = null) =>
        new(name, "Which learning rate trains the small model best?", task, "val/loss", OptimisationDirection.Minimise, actor, clientCommandId);
}
