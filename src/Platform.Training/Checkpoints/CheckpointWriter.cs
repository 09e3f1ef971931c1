using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Checkpoints;

/// <summary>Writes <c>step-NNNNNN/</c> model folders in Hugging Face's layout under a run's artifact folder.</summary>
public sealed class CheckpointWriter(string runDirectory)
{
    /// <param name="tokenizerFiles">Writes the tokenizer's files into the checkpoint folder.</param>
    /// <exception cref="InvalidOperationException">Linear weights of the model are stored quantised (QLoRA): a checkpoint without them would not be the model.</exception>
    public CheckpointFile Write(long step, CausalLanguageModel model, Action<string> tokenizerFiles)
    {
        if (model.modules().OfType<AutocastLinear>().Any(l => l.Quantized is not null))
        {
            throw new InvalidOperationException("The model's linear weights are stored quantised, so it cannot be written as a full checkpoint; save its adapter instead.");
        }

        var directory = Path.Combine(runDirectory, $"step-{step:D6}");
        var weights = HuggingFaceCheckpoint.Save(directory, model.Config, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        tokenizerFiles(directory);
        return CheckpointFile.Describe(step, weights);
    }
}
