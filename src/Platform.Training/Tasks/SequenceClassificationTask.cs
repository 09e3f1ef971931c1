using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>
/// Text → one of the labels seen in training (SpamAssassin ham/spam, Brown genres); long texts keep their first
/// tokens. A template's placeholders follow the text, so the head reads the label after them.
/// </summary>
public sealed class SequenceClassificationTask : IFineTuningTask
{
    private readonly SequencePooling pooling;

    /// <param name="afterInput">Placeholder ids of the virtual tokens after the text (<see cref="Models.Extensions.PromptTemplate"/>); they count in <paramref name="contextLength"/>.</param>
    public SequenceClassificationTask(IReadOnlyList<TaskRecord> records, LoadedTokenizer tokenizer, int contextLength, IReadOnlyList<long> afterInput, SequencePooling pooling)
    {
        this.pooling = pooling;
        Labels = records.Select(r => r.Text("label")).Distinct().Order(StringComparer.Ordinal).ToList();
        if (Labels.Count < 2)
        {
            throw new InvalidDataException($"Classification needs at least two labels; the records have {Labels.Count}.");
        }

        var index = Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => (long)p.i);
        Data = new EncodedSplits(
            records.GroupBy(r => r.Split).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<EncodedExample>)g.Select(r => new EncodedExample([.. Encode(tokenizer, r.Text("text"), contextLength - afterInput.Count), .. afterInput], [index[r.Text("label")]])).ToList()),
            targetPerToken: false);
    }

    public string Suite => "sequence-classification";

    public IReadOnlyList<string> Labels { get; }

    public EncodedSplits Data { get; }

    public DecoderWithHead<Tensor> CreateModel(DecoderConfig config, Generator initialisation) => new SequenceClassifier(config, Labels.Count, initialisation, pooling) { Labels = Labels };

    // (B,labels), (B)
    public Tensor Loss(Tensor output, TaskBatch batch) => nn.functional.cross_entropy(output, batch.Targets);

    public IReadOnlyDictionary<string, double> Evaluate(DecoderWithHead<Tensor> model, string split, int batchSize) =>
        LabelEvaluation.Evaluate(model, this, split, batchSize, (logits, batch) => (logits.argmax(1), batch.Targets));

    private static long[] Encode(LoadedTokenizer tokenizer, string text, int contextLength)
    {
        var ids = tokenizer.Tokenizer.EncodeToIds(text, contextLength, out _, out _);
        return ids.Count == 0 ? [tokenizer.Special.EndOfSequence?.Id ?? 0] : ids.Select(id => (long)id).ToArray();
    }
}
