using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Training.Checkpoints;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Lora;

/// <summary>
/// A LoRA adapter in Hugging Face PEFT's layout: adapter_config.json (PEFT's <c>LoraConfig</c> fields)
/// and adapter_model.safetensors with PEFT's key names
/// (<c>base_model.model.transformer.h.0.attn.c_attn.lora_A.weight</c>), so PEFT can load it onto the
/// Transformers model of the same architecture.
/// </summary>
public static class LoraAdapter
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";
    public const string Method = "lora";

    private const string PeftKeyPrefix = "base_model.model.";
    private const string SidePathSegment = ".lora.";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Save<T>(string folder, DecoderWithHead<T> model, LoraOptions options, string baseModelName, string baseModelSha256)
    {
        Directory.CreateDirectory(folder);
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModelName,
            ["r"] = options.Rank,
            ["lora_alpha"] = options.Alpha,
            ["lora_dropout"] = options.Dropout,
            ["target_modules"] = new JsonArray(options.TargetModules.Select(t => (JsonNode)t).ToArray()),
            ["bias"] = "none",
            // GPT-2 stores its projections as Conv1D (in,out); PEFT needs to know to transpose them when merging.
            ["fan_in_fan_out"] = model.Config.Family == ModelFamily.Gpt2,
            ["inference_mode"] = true,
        };
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJsonString(Indented));
        var tensors = model.named_parameters()
            .Where(p => TrainableParameters.IsAdapterParameter(p.name, LoraInjector.Prefix))
            .Select(p => (PeftKeyPrefix + p.name.Replace(SidePathSegment, ".", StringComparison.Ordinal), (Tensor)p.parameter));
        SafeTensors.Write(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        new AdapterProvenance(Method, model.Config.Family.ToString(), baseModelSha256).Write(folder);
    }

    /// <summary>Attaches the saved LoRA layers to a base model that holds the weights with <paramref name="baseModelSha256"/>.</summary>
    /// <exception cref="InvalidDataException">Another base model, a missing file, or tensors that do not fit; the message says which.</exception>
    public static LoraOptions Load<T>(string folder, DecoderWithHead<T> model, string baseModelSha256)
    {
        AdapterProvenance.Read(folder).EnsureMatches(Method, model.Config.Family.ToString(), baseModelSha256);
        var options = ReadOptions(Path.Combine(folder, ConfigFile));
        using (var generator = new Generator(0))
        {
            LoraInjector.Inject(model, options, generator);
        }

        var stored = SafeTensors.Read(Path.Combine(folder, WeightsFile));
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters().Where(p => TrainableParameters.IsAdapterParameter(p.name, LoraInjector.Prefix)))
        {
            var key = PeftKeyPrefix + name.Replace(SidePathSegment, ".", StringComparison.Ordinal);
            if (!stored.Remove(key, out var tensor))
            {
                throw new InvalidDataException($"{folder}: tensor '{key}' is missing.");
            }

            using (tensor)
            {
                if (!tensor.shape.SequenceEqual(parameter.shape))
                {
                    throw new InvalidDataException($"{folder}: tensor '{key}' has shape [{string.Join(", ", tensor.shape)}], the model expects [{string.Join(", ", parameter.shape)}].");
                }

                parameter.copy_(tensor);
            }
        }

        if (stored.Count > 0)
        {
            var unexpected = string.Join(", ", stored.Keys);
            foreach (var tensor in stored.Values)
            {
                tensor.Dispose();
            }

            throw new InvalidDataException($"{folder}: unexpected tensors {unexpected}.");
        }

        return options;
    }

    private static LoraOptions ReadOptions(string path)
    {
        var config = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a JSON object.");
        return new LoraOptions
        {
            Rank = config["r"]?.GetValue<int>() ?? throw new InvalidDataException($"{path} has no 'r'."),
            Alpha = config["lora_alpha"]?.GetValue<double>() ?? throw new InvalidDataException($"{path} has no 'lora_alpha'."),
            Dropout = config["lora_dropout"]?.GetValue<double>() ?? 0,
            TargetModules = config["target_modules"]?.AsArray().Select(t => t!.GetValue<string>()).ToList()
                ?? throw new InvalidDataException($"{path} has no 'target_modules'."),
        };
    }
}
