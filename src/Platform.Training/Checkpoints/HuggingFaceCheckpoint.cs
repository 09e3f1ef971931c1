using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Checkpoints;

/// <summary>
/// A model folder in Hugging Face's layout: config.json + model.safetensors. Parameter names are the
/// Transformers names; GPT-2's attention and MLP matrices are stored transposed (its Conv1D layout).
/// </summary>
public static class HuggingFaceCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Gpt2Conv1D = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"];
    private static readonly string[] NonParameterBuffers = [".attn.bias", ".attn.masked_bias", ".rotary_emb.inv_freq"];

    public static DecoderConfig ReadConfig(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{directory} has no {ConfigFile}; a Hugging Face model folder needs one.", path);
        }

        return HuggingFaceConfig.FromJson(JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidDataException($"{path} is not a JSON object."), path);
    }

    /// <summary>Writes config.json and model.safetensors; returns the weights file.</summary>
    public static string Save(string directory, DecoderConfig config, IEnumerable<(string Name, Tensor Tensor)> parameters)
    {
        using var transposed = NewDisposeScope();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConfigFile), HuggingFaceConfig.ToJson(config).ToJsonString(Indented));
        var weights = Path.Combine(directory, WeightsFile);
        var stored = parameters.Select(p => (p.Name, IsConv1D(config, p.Name) ? p.Tensor.t() : p.Tensor)).ToList();
        SafeTensors.Write(weights, stored, new Dictionary<string, string> { ["format"] = "pt" });
        return weights;
    }

    /// <summary>
    /// Copies the folder's weights into <paramref name="parameters"/> (converting dtypes), checking that
    /// every parameter is present with its shape and that the file holds nothing unknown.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing, has another shape, or is unexpected; the message names it.</exception>
    public static void Load(string directory, DecoderConfig config, IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        // The file's tensors and their transposed views live until the copies are made.
        using var read = NewDisposeScope();
        var path = Path.Combine(directory, WeightsFile);
        var stored = SafeTensors.Read(path)
            .Where(t => !NonParameterBuffers.Any(b => t.Key.EndsWith(b, StringComparison.Ordinal)))
            .ToDictionary(t => CanonicalName(config, t.Key), t => t.Value);
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            if (!stored.Remove(name, out var tensor))
            {
                throw new InvalidDataException($"{path}: tensor '{name}' is missing.");
            }

            var source = IsConv1D(config, name) ? tensor.t() : tensor;
            if (!source.shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{name}' has shape [{string.Join(", ", tensor.shape)}], the model expects [{string.Join(", ", parameter.shape)}].");
            }

            parameter.copy_(source);
        }

        // A tied checkpoint may still store lm_head.weight (a copy of the embedding).
        stored.Remove("lm_head.weight");
        if (stored.Count > 0)
        {
            throw new InvalidDataException($"{path}: unexpected tensors {string.Join(", ", stored.Keys.Order().Take(5))} for a {config.Family} model with this config.");
        }
    }

    // The original GPT-2 checkpoints were saved from GPT2Model, without the "transformer." prefix.
    private static string CanonicalName(DecoderConfig config, string name) =>
        config.Family == ModelFamily.Gpt2 && !name.StartsWith("transformer.", StringComparison.Ordinal) && !name.StartsWith("lm_head.", StringComparison.Ordinal)
            ? "transformer." + name
            : name;

    private static bool IsConv1D(DecoderConfig config, string name) =>
        config.Family == ModelFamily.Gpt2 && Gpt2Conv1D.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
}
