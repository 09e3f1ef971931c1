using Platform.Evaluation.Tasks;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>Loss, accuracy and macro F1 of a task that predicts labels, per example or per tagged token.</summary>
internal static class LabelEvaluation
{
    /// <param name="labelled">A batch's logits → its predicted and true labels where the loss applies, flattened.</param>
    public static IReadOnlyDictionary<string, double> Evaluate(
        DecoderWithHead<Tensor> model, IFineTuningTask task, string split, int batchSize, Func<Tensor, TaskBatch, (Tensor Predicted, Tensor Actual)> labelled)
    {
        using var _ = no_grad();
        model.eval();
        var predicted = new List<long>();
        var actual = new List<long>();
        var loss = 0.0;
        foreach (var batch in task.Data.Batches(split, batchSize))
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(batch.Tokens, batch.Inputs);
            var (batchPredicted, batchActual) = labelled(logits, batch);
            // The task's loss is a mean over the labelled examples or tokens: weighted by their count.
            loss += task.Loss(logits, batch).item<float>() * batchActual.numel();
            predicted.AddRange(batchPredicted.data<long>());
            actual.AddRange(batchActual.data<long>());
        }

        return actual.Count == 0
            ? new Dictionary<string, double>()
            : new Dictionary<string, double>
            {
                ["loss"] = loss / actual.Count,
                ["accuracy"] = ClassificationMetrics.Accuracy(predicted, actual),
                ["f1"] = ClassificationMetrics.MacroF1(predicted, actual),
                ["examples"] = actual.Count,
            };
    }
}
