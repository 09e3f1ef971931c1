using System.Security.Cryptography;
using Platform.Training.Models.Heads;

namespace Platform.Training.Checkpoints;

/// <summary>Writes <c>step-NNNNNN/</c> model folders in Hugging Face's layout under a run's artifact folder.</summary>
public sealed class CheckpointWriter(string runDirectory)
{
    /// <param name="tokenizerFiles">Writes the tokenizer's files into the checkpoint folder.</param>
    public CheckpointFile Write(long step, CausalLanguageModel model, Action<string> tokenizerFiles)
    {
        var directory = Path.Combine(runDirectory, $"step-{step:D6}");
        var weights = HuggingFaceCheckpoint.Save(directory, model.Config, model.named_parameters().Select(p => (p.name, (TorchSharp.torch.Tensor)p.parameter)));
        tokenizerFiles(directory);
        using var file = File.OpenRead(weights);
        return new CheckpointFile(step, weights, Convert.ToHexStringLower(SHA256.HashData(file)), file.Length);
    }
}
