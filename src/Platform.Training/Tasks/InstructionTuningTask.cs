using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;
using Platform.Evaluation;
using Platform.Training.Generation;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Tasks;

/// <summary>
/// Causal-LM supervised fine-tuning with the loss on the response only: instruction/input/output
/// records ("{instruction}\n{input}\n" → "{output}&lt;eos&gt;") or chat messages ("{role}: {content}\n"
/// per turn, loss on the assistant's turns). Exact match greedily completes each prompt and compares
/// the response (CMU dictionary: a word's phonemes). A template's placeholders sit between the prompt and the
/// final response, in training and in generation alike.
/// </summary>
public sealed class InstructionTuningTask : IFineTuningTask
{
    private const int ExactMatchExamples = 200;
    private readonly LoadedTokenizer tokenizer;
    private readonly long endOfSequence;
    private readonly IReadOnlyList<long> afterInput;
    private readonly IReadOnlyDictionary<string, List<(long[] Prompt, string Response)>> completions;

    /// <param name="afterInput">Placeholder ids of the virtual tokens before the final response (<see cref="Models.Extensions.PromptTemplate"/>).</param>
    public InstructionTuningTask(IReadOnlyList<TaskRecord> records, DatasetTaskKind kind, LoadedTokenizer tokenizer, int contextLength, IReadOnlyList<long> afterInput)
    {
        this.tokenizer = tokenizer;
        this.afterInput = afterInput;
        endOfSequence = tokenizer.Special.EndOfSequence?.Id
            ?? throw new InvalidDataException("Supervised fine-tuning needs a tokenizer with an end-of-sequence token.");
        var turns = records.Select(r => (r.Split, Turns: kind == DatasetTaskKind.Chat ? ChatTurns(r) : InstructionTurns(r))).ToList();
        Data = new EncodedSplits(
            turns.GroupBy(t => t.Split).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<EncodedExample>)g.Select(t => Encode(t.Turns, contextLength)).Where(e => e.Tokens.Length > 0).ToList()),
            targetPerToken: true);
        completions = turns.GroupBy(t => t.Split).ToDictionary(
            g => g.Key,
            g => g.Select(t => ((long[])[.. Ids(string.Concat(t.Turns.SkipLast(1).Select(turn => turn.Text))), .. afterInput], t.Turns[^1].Text.TrimEnd('\n'))).ToList());
    }

    public string Suite => "instruction-tuning";

    public EncodedSplits Data { get; }

    public DecoderWithHead<Tensor> CreateModel(DecoderConfig config, Generator initialisation) => new CausalLanguageModel(config, initialisation);

    // (B,T,V), (B,T)
    public Tensor Loss(Tensor output, TaskBatch batch) =>
        nn.functional.cross_entropy(output.reshape(-1, output.shape[^1]), batch.Targets.reshape(-1), ignore_index: EncodedSplits.IgnoredTarget);

    public IReadOnlyDictionary<string, double> Evaluate(DecoderWithHead<Tensor> model, string split, int batchSize)
    {
        var loss = new TokenWeightedMean();
        using (no_grad())
        {
            model.eval();
            foreach (var batch in Data.Batches(split, batchSize))
            {
                using var scope = NewDisposeScope();
                var responseTokens = EncodedSplits.IsTrained(batch.Targets).sum().item<long>();
                loss.Add(Loss(model.forward(batch.Tokens, batch.Inputs), batch).item<float>(), responseTokens);
            }
        }

        var examples = completions.GetValueOrDefault(split) ?? [];
        if (examples.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        return new Dictionary<string, double>
        {
            ["loss"] = loss.Value,
            ["exact_match"] = ExactMatch((CausalLanguageModel)model, examples.Take(ExactMatchExamples).ToList(), batchSize),
            ["examples"] = Math.Min(examples.Count, ExactMatchExamples),
        };
    }

    /// <summary>
    /// The in-context baseline's score on a split: <paramref name="shots"/> training examples (prompt, response,
    /// end of sequence), drawn once with <paramref name="seed"/>, before each prompt; as many as fit the context.
    /// </summary>
    public IReadOnlyDictionary<string, double> FewShotExactMatch(CausalLanguageModel model, string split, int shots, int seed, int batchSize)
    {
        var examples = (completions.GetValueOrDefault(split) ?? []).Take(ExactMatchExamples).ToList();
        var train = completions.GetValueOrDefault(Domain.Datasets.Formats.SplitSpec.Train) ?? [];
        if (examples.Count == 0 || (shots > 0 && train.Count == 0))
        {
            return new Dictionary<string, double>();
        }

        var random = new Random(seed);
        var room = model.Config.ContextLength - examples.Max(e => e.Prompt.Length) - MaxNewTokens(examples);
        var demonstrations = new List<long>();
        foreach (var demonstration in Enumerable.Range(0, shots).Select(_ => train[random.Next(train.Count)]))
        {
            var tokens = demonstration.Prompt.Concat(Ids(demonstration.Response)).Append(endOfSequence).ToList();
            if (demonstrations.Count + tokens.Count > room)
            {
                break;
            }

            demonstrations.AddRange(tokens);
        }

        using var _ = no_grad();
        model.eval();
        return new Dictionary<string, double>
        {
            ["exact_match"] = ExactMatch(model, examples, batchSize, demonstrations.ToArray()),
            ["examples"] = examples.Count,
        };
    }

    private int MaxNewTokens(IReadOnlyList<(long[] Prompt, string Response)> examples) => examples.Max(e => Ids(e.Response).Length) + 2;

    private double ExactMatch(CausalLanguageModel model, IReadOnlyList<(long[] Prompt, string Response)> examples, int batchSize, long[]? demonstrations = null)
    {
        var longest = MaxNewTokens(examples);
        var options = new GenerationOptions { MaxNewTokens = longest, Temperature = 0, StopTokens = [endOfSequence], PadToken = endOfSequence };
        var matches = 0;
        foreach (var chunk in examples.Chunk(batchSize))
        {
            var generated = TextGenerator.Generate(model, chunk.Select(e => (demonstrations ?? []).Concat(e.Prompt).ToArray()).ToList(), options);
            matches += chunk.Zip(generated).Count(pair =>
                tokenizer.Tokenizer.Decode(pair.Second.TakeWhile(id => id != endOfSequence).Select(id => (int)id)).Trim() == pair.First.Response.Trim());
        }

        return matches / (double)examples.Count;
    }

    /// <summary>Prompt tokens carry no loss; the response and its end-of-sequence token do. Inputs and next-token targets, shifted.</summary>
    private EncodedExample Encode(IReadOnlyList<(string Text, bool Trained)> turns, int contextLength)
    {
        var tokens = new List<long>();
        var trained = new List<bool>();
        for (var i = 0; i < turns.Count; i++)
        {
            if (i == turns.Count - 1)
            {
                tokens.AddRange(afterInput);
                trained.AddRange(Enumerable.Repeat(false, afterInput.Count));
            }

            var ids = Ids(turns[i].Text);
            tokens.AddRange(ids);
            trained.AddRange(Enumerable.Repeat(turns[i].Trained, ids.Length));
            if (i == turns.Count - 1)
            {
                tokens.Add(endOfSequence);
                trained.Add(true);
            }
        }

        var length = Math.Min(tokens.Count, contextLength + 1);
        if (length < 2)
        {
            return new EncodedExample([], []);
        }

        // Position t predicts token t+1: its target counts when token t+1 belongs to a trained turn.
        var targets = Enumerable.Range(1, length - 1).Select(t => trained[t] ? tokens[t] : EncodedSplits.IgnoredTarget).ToArray();
        return new EncodedExample(tokens.Take(length - 1).ToArray(), targets);
    }

    private long[] Ids(string text) => tokenizer.Tokenizer.EncodeToIds(text).Select(id => (long)id).ToArray();

    private static List<(string Text, bool Trained)> InstructionTurns(TaskRecord record)
    {
        var input = record.Fields["input"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
        var prompt = input.Length > 0 ? $"{record.Text("instruction")}\n{input}\n" : $"{record.Text("instruction")}\n";
        return [(prompt, false), (record.Text("output"), true)];
    }

    private static List<(string Text, bool Trained)> ChatTurns(TaskRecord record)
    {
        var messages = record.Fields["messages"] as JsonArray ?? throw new InvalidDataException("A chat record has no 'messages' array.");
        var turns = new List<(string Text, bool Trained)>();
        foreach (var message in messages.OfType<JsonObject>())
        {
            var role = message["role"]?.GetValue<string>() ?? throw new InvalidDataException("A chat message has no 'role'.");
            var content = message["content"]?.GetValue<string>() ?? throw new InvalidDataException("A chat message has no 'content'.");
            turns.Add(($"{role}: ", false));
            turns.Add(($"{content}\n", role == "assistant"));
        }

        if (turns.Count == 0 || !turns[^1].Trained)
        {
            throw new InvalidDataException("A chat record must end with an assistant message, the response to learn.");
        }

        return turns;
    }
}
