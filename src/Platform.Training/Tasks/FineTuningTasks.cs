using System.Text;
using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Runs.GettingRunInputs;
using Platform.Training.Tokenization;

namespace Platform.Training.Tasks;

/// <summary>Builds the task a dataset version's kind calls for, from its canonical JSON lines and its deterministic splits.</summary>
public static class FineTuningTasks
{
    public static IFineTuningTask Create(RunInputs inputs, Stream canonicalJsonLines, LoadedTokenizer tokenizer, int contextLength)
    {
        var records = Read(canonicalJsonLines, inputs.Version.Split);
        return inputs.TaskKind switch
        {
            DatasetTaskKind.Classification => new SequenceClassificationTask(records, tokenizer, contextLength),
            DatasetTaskKind.Instruction or DatasetTaskKind.Chat => new InstructionTuningTask(records, inputs.TaskKind, tokenizer, contextLength),
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
