using Platform.Domain.Datasets.Formats;
using Platform.Evaluation.Tasks;
using Platform.Training.Models.Heads;
using Platform.Training.Tasks;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.Methods.InContext;

/// <summary>
/// The in-context baseline: the frozen language model reads "Text: …\nLabel:" after <c>shots</c>
/// labelled training examples in the same template (drawn once with the run's seed), and predicts the
/// label whose tokens it finds most likely (summed log-probabilities). Texts are cut so that the
/// examples and the query fit the context.
/// </summary>
public sealed class HardPromptEvaluation
{
    private readonly CausalLanguageModel model;
    private readonly SequenceClassificationTask task;
    private readonly long[] textPrefix;
    private readonly long[] labelPrefix;
    private readonly IReadOnlyList<long[]> labelTokens;
    private readonly long[] demonstrations;
    private readonly int textBudget;

    public HardPromptEvaluation(CausalLanguageModel model, SequenceClassificationTask task, LoadedTokenizer tokenizer, int shots, int seed)
    {
        this.model = model;
        this.task = task;
        textPrefix = Ids(tokenizer, "Text: ");
        labelPrefix = Ids(tokenizer, "\nLabel:");
        labelTokens = task.Labels.Select(label => Ids(tokenizer, $" {label}")).ToList();
        var separator = Ids(tokenizer, "\n\n");
        var template = textPrefix.Length + labelPrefix.Length + labelTokens.Max(l => l.Length) + separator.Length;
        textBudget = (model.Config.ContextLength / (shots + 1)) - template;
        if (textBudget < 1)
        {
            throw new ArgumentException($"{shots} examples do not fit a {model.Config.ContextLength}-token context with this template; use fewer shots.");
        }

        var train = task.Data[SplitSpec.Train];
        var random = new Random(seed);
        demonstrations = Enumerable.Range(0, shots)
            .Select(_ => train[random.Next(train.Count)])
            .SelectMany(example => Query(example).Concat(labelTokens[(int)example.Targets[0]]).Concat(separator))
            .ToArray();
    }

    public IReadOnlyDictionary<string, double> Evaluate(string split)
    {
        using var _ = no_grad();
        model.eval();
        var examples = task.Data[split];
        if (examples.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        var predicted = examples.Select(Predict).ToList();
        var actual = examples.Select(e => e.Targets[0]).ToList();
        return new Dictionary<string, double>
        {
            ["accuracy"] = ClassificationMetrics.Accuracy(predicted, actual),
            ["f1"] = ClassificationMetrics.MacroF1(predicted, actual),
            ["examples"] = actual.Count,
        };
    }

    /// <summary>Scores every label's continuation of the prompt in one batch (labels, T), right-padded.</summary>
    private long Predict(EncodedExample example)
    {
        using var scope = NewDisposeScope();
        var prompt = demonstrations.Concat(Query(example)).ToArray();
        var length = prompt.Length + labelTokens.Max(l => l.Length);
        var rows = labelTokens.Select(label => prompt.Concat(label).Concat(new long[length - prompt.Length - label.Length]).ToArray()).ToList();
        var tokens = tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, length]);
        var logProbabilities = nn.functional.log_softmax(model.forward(tokens), dim: -1); // (labels,T,V)
        var scores = labelTokens.Select((label, row) =>
            label.Select((token, i) => logProbabilities[row, prompt.Length - 1 + i, token].item<float>()).Sum()).ToList();
        return scores.IndexOf(scores.Max());
    }

    private IEnumerable<long> Query(EncodedExample example) => textPrefix.Concat(example.Tokens.Take(textBudget)).Concat(labelPrefix);

    private static long[] Ids(LoadedTokenizer tokenizer, string text) => tokenizer.Tokenizer.EncodeToIds(text).Select(id => (long)id).ToArray();
}
