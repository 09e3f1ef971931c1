using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Training.Models.Heads;
using Platform.Training.Tasks;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.FeatureBased;

/// <summary>
/// Multinomial logistic regression on frozen features, as scikit-learn's <c>LogisticRegression</c>
/// (L2 penalty, C = 1, L-BFGS): minimises mean cross-entropy + ‖W‖² / (2·C·N) over the whole training
/// split at once, for up to MaxSteps iterations.
/// </summary>
public static class LogisticRegressionProbe
{
    private const double InverseRegularisation = 1.0;

    /// <returns>The iterations run.</returns>
    public static int Fit(SequenceClassifier model, SequenceClassificationTask task, RunConfig config)
    {
        using var scope = NewDisposeScope();
        var (features, labels) = Features(model, task, config.BatchSize); // (N,C), (N)
        var weight = model.Score;
        using var penalty = (1 / (2 * InverseRegularisation * labels.shape[0])).ToScalar();
        using var optimizer = optim.LBFGS([weight], lr: 1, max_iter: config.MaxSteps);
        var iterations = 0;
        optimizer.step(() =>
        {
            iterations++;
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(features.matmul(weight.t()), labels).add(weight.pow(Two).sum() * penalty, One);
            loss.backward();
            return loss;
        });
        return Math.Min(iterations, config.MaxSteps);
    }

    private static (Tensor Features, Tensor Labels) Features(SequenceClassifier model, SequenceClassificationTask task, int batchSize)
    {
        using var _ = no_grad();
        model.eval();
        var features = new List<Tensor>();
        var labels = new List<Tensor>();
        foreach (var batch in task.Data.Batches(SplitSpec.Train, batchSize))
        {
            // Each batch's activations go when its scope ends; only its (B,C) features and labels stay.
            using var scope = NewDisposeScope();
            features.Add(model.Features(batch.Tokens, batch.Inputs).MoveToOuterDisposeScope());
            labels.Add(batch.Targets.MoveToOuterDisposeScope());
        }

        return (cat(features, dim: 0), cat(labels, dim: 0));
    }
}
