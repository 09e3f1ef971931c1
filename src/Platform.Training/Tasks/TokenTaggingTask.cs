using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>
/// One tag per word (Brown POS): each word is encoded on its own (with its leading space, as inside a
/// sentence) and its tag is predicted at its first sub-word token; the others carry no loss.
/// </summary>
public sealed class TokenTaggingTask : IFineTuningTask
{
    public TokenTaggingTask(IReadOnlyList<TaskRecord> records, LoadedTokenizer tokenizer, int contextLength)
    {
        var sentences = records.Select(r => (Record: r, Words: Strings(r, "tokens"), Tags: Strings(r, "tags"))).ToList();
        if (sentences.FirstOrDefault(s => s.Words.Count != s.Tags.Count) is { Words: not null } mismatch)
        {
            throw new InvalidDataException($"A record has {mismatch.Words.Count} tokens but {mismatch.Tags.Count} tags.");
        }

        Tags = sentences.SelectMany(s => s.Tags).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = Tags.Select((tag, i) => (tag, i)).ToDictionary(p => p.tag, p => (long)p.i);
        Data = new EncodedSplits(
            sentences.GroupBy(s => s.Record.Split).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<EncodedExample>)g.Where(s => s.Words.Count > 0).Select(s => Encode(tokenizer, s.Words, s.Tags.Select(t => index[t]).ToList(), contextLength)).ToList()),
            targetPerToken: true);
    }

    public string Suite => "token-classification";

    public IReadOnlyList<string> Tags { get; }

    public EncodedSplits Data { get; }

    public DecoderWithHead<Tensor> CreateModel(DecoderConfig config, Generator initialisation) => new TokenClassifier(config, Tags.Count, initialisation) { Labels = Tags };

    // (B,T,tags), (B,T)
    public Tensor Loss(Tensor output, TaskBatch batch) =>
        nn.functional.cross_entropy(output.reshape(-1, output.shape[^1]), batch.Targets.reshape(-1), ignore_index: EncodedSplits.IgnoredTarget);

    public IReadOnlyDictionary<string, double> Evaluate(DecoderWithHead<Tensor> model, string split, int batchSize) =>
        LabelEvaluation.Evaluate(model, this, split, batchSize, (logits, batch) =>
        {
            var tagged = EncodedSplits.IsTrained(batch.Targets);
            return (logits.argmax(2).masked_select(tagged), batch.Targets.masked_select(tagged));
        });

    private static List<string> Strings(TaskRecord record, string field) =>
        record.Fields[field] is System.Text.Json.Nodes.JsonArray array
            ? array.Select(item => item?.GetValue<string>() ?? throw new InvalidDataException($"A record's '{field}' holds a null.")).ToList()
            : throw new InvalidDataException($"A record has no array field '{field}'.");

    private static EncodedExample Encode(LoadedTokenizer tokenizer, IReadOnlyList<string> words, IReadOnlyList<long> tags, int contextLength)
    {
        var tokens = new List<long>();
        var targets = new List<long>();
        for (var i = 0; i < words.Count && tokens.Count < contextLength; i++)
        {
            var pieces = tokenizer.Tokenizer.EncodeToIds(i == 0 ? words[i] : " " + words[i]);
            for (var p = 0; p < pieces.Count && tokens.Count < contextLength; p++)
            {
                tokens.Add(pieces[p]);
                targets.Add(p == 0 ? tags[i] : EncodedSplits.IgnoredTarget);
            }
        }

        return new EncodedExample(tokens.ToArray(), targets.ToArray());
    }
}
