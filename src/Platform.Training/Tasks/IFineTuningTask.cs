using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>What a dataset version asks of a model: the head it needs, its loss, and its metrics.</summary>
public interface IFineTuningTask
{
    /// <summary>The evaluation suite name runs record their metrics under, e.g. "sequence-classification".</summary>
    string Suite { get; }

    EncodedSplits Data { get; }

    DecoderWithHead<Tensor> CreateModel(DecoderConfig config, Generator initialisation);

    /// <summary>Mean loss of a batch given the model's output.</summary>
    Tensor Loss(Tensor output, TaskBatch batch);

    /// <summary>The task's metrics on a split, under <c>no_grad</c> and <c>eval()</c>.</summary>
    IReadOnlyDictionary<string, double> Evaluate(DecoderWithHead<Tensor> model, string split, int batchSize);
}
