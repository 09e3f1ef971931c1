using System.Security.Cryptography;
using System.Text.Json;
using Platform.Training.Models.Gpt;

namespace Platform.Training.Checkpoints;

/// <summary>Writes <c>step-NNNNNN/model.safetensors</c> and <c>config.json</c> under a run's artifact folder.</summary>
public sealed class CheckpointWriter(string runDirectory)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public CheckpointFile Write(long step, GptLanguageModel model, IReadOnlyList<char> vocabulary)
    {
        var directory = Path.Combine(runDirectory, $"step-{step:D6}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(
            Path.Combine(directory, "config.json"),
            JsonSerializer.Serialize(new { model.Config, Vocabulary = new string(vocabulary.ToArray()) }, Indented));

        var weights = Path.Combine(directory, "model.safetensors");
        SafeTensors.Write(weights, model.named_parameters().Select(p => (p.name, (TorchSharp.torch.Tensor)p.parameter)), new Dictionary<string, string> { ["format"] = "pt" });
        using var file = File.OpenRead(weights);
        return new CheckpointFile(step, weights, Convert.ToHexStringLower(SHA256.HashData(file)), file.Length);
    }
}
