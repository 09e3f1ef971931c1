using System.Text;
using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs;
using Platform.Domain.Runs.GettingRunInputs;
using Platform.Training.Models.Extensions;
using Platform.Training.Tokenization;

namespace Platform.Training.Tasks;

/// <summary>
/// Builds the task a dataset version's kind calls for, from its canonical JSON lines and its deterministic
/// splits, with the method's virtual-token placeholders after each input and, for classification, the pooling
/// its head reads.
/// </summary>
public static class FineTuningTasks
{
    /// <exception cref="ArgumentException">The template puts virtual tokens where the task cannot use them.</exception>
    public static IFineTuningTask Create(RunInputs inputs, Stream canonicalJsonLines, LoadedTokenizer tokenizer, int contextLength, PromptTemplate template, SequencePooling pooling = SequencePooling.LastToken)
    {
        if (template.AfterInput > 0 && inputs.TaskKind == DatasetTaskKind.TokenTagging)
        {
            throw new ArgumentException(
                "Virtual tokens after the input cannot help token tagging: in a causal decoder each word's tag is predicted before them. Place the virtual tokens before the input (0 after it).",
                nameof(template));
        }

        if (template.AfterInput >= contextLength)
        {
            throw new ArgumentException(
                $"{template.AfterInput} virtual tokens after the input leave no room for text in a context of {contextLength} tokens.", nameof(template));
        }

        var records = Read(canonicalJsonLines, inputs.Version.Split);
        return inputs.TaskKind switch
        {
            DatasetTaskKind.Classification => new SequenceClassificationTask(records, tokenizer, contextLength, template.AfterInputIds, pooling),
            DatasetTaskKind.Instruction or DatasetTaskKind.Chat => new InstructionTuningTask(records, inputs.TaskKind, tokenizer, contextLength, template.AfterInputIds),
            DatasetTaskKind.TokenTagging => new TokenTaggingTask(records, tokenizer, contextLength),
            _ => throw new InvalidDataException(
                $"Dataset '{inputs.DatasetName}' holds {inputs.TaskKind} records; fine-tuning methods train on classification, instruction, chat or token-tagging data."),
        };
    }

    private static List<TaskRecord> Read(Stream canonicalJsonLines, SplitSpec split)
    {
        using var reader = new StreamReader(canonicalJsonLines, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        var assignment = DatasetSplits.Assign(lines.Count, split);
        return lines.Select((line, i) => new TaskRecord(JsonNode.Parse(line)!.AsObject(), assignment[i])).ToList();
    }
}
