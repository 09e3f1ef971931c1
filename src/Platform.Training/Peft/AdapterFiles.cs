using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Peft;

/// <summary>
/// An adapter folder in Hugging Face PEFT's layout: adapter_config.json, adapter_model.safetensors with
/// PEFT's key names (<c>base_model.model.…</c>), plus our platform_adapter.json (<see cref="AdapterProvenance"/>).
/// </summary>
public static class AdapterFiles
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    /// <summary>PEFT's prefix of a wrapped model's parameter names.</summary>
    public const string PeftKeyPrefix = "base_model.model.";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string folder, JsonObject config, IEnumerable<(string Key, Tensor Tensor)> tensors, AdapterProvenance provenance)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJsonString(Indented));
        SafeTensors.Write(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        provenance.Write(folder);
    }

    private const string IdToLabelField = "id2label";

    private const string LabelToIdField = "label2id";

    /// <summary>Our field for a classification head that reads other than the last token; PEFT has none and ignores it with a warning.</summary>
    private const string PoolingField = "sequence_pooling";

    /// <summary>
    /// The fields every PEFT adapter_config.json has, for this model's task; a task head with class names adds them
    /// as Hugging Face's config.json does (<c>id2label</c>, <c>label2id</c>), and a classification head that does not
    /// read the last token (Hugging Face's only choice) adds <c>sequence_pooling</c>.
    /// </summary>
    public static JsonObject PeftConfig(string peftType, DecoderWithHead<Tensor> model, string baseModelNameOrPath)
    {
        var config = CommonFields(peftType, model, baseModelNameOrPath);
        if (model.Labels is { } labels)
        {
            config[IdToLabelField] = new JsonObject(labels.Select((label, id) => KeyValuePair.Create(id.ToString(CultureInfo.InvariantCulture), (JsonNode?)label)));
            config[LabelToIdField] = new JsonObject(labels.Select((label, id) => KeyValuePair.Create(label, (JsonNode?)id)));
        }

        if (model is SequenceClassifier { Pooling: not SequencePooling.LastToken } classifier)
        {
            config[PoolingField] = classifier.Pooling.ToString();
        }

        return config;
    }

    /// <summary>The class names of a task head's outputs in order; null when the config has none.</summary>
    /// <exception cref="InvalidDataException">The ids are not 0 to n-1.</exception>
    public static IReadOnlyList<string>? ReadLabels(JsonObject config)
    {
        if (config[IdToLabelField] is not JsonObject idToLabel)
        {
            return null;
        }

        var labels = idToLabel
            .Select(p => (Id: int.TryParse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1, Label: p.Value?.GetValue<string>()))
            .OrderBy(p => p.Id)
            .ToList();
        return labels.Select((p, i) => p.Id == i && p.Label is not null).All(ok => ok)
            ? labels.Select(p => p.Label!).ToList()
            : throw new InvalidDataException($"{ConfigFile}'s {IdToLabelField} must map the ids 0 to {labels.Count - 1} to names.");
    }

    /// <summary>The pooling a classification adapter's head was trained with.</summary>
    /// <exception cref="InvalidDataException">The config names an unknown pooling.</exception>
    public static SequencePooling ReadPooling(JsonObject config) => config[PoolingField]?.GetValue<string>() is { } name
        ? Enum.TryParse<SequencePooling>(name, out var pooling) && Enum.IsDefined(pooling)
            ? pooling
            : throw new InvalidDataException($"{ConfigFile} names an unknown {PoolingField} '{name}'; expected one of {string.Join(", ", Enum.GetNames<SequencePooling>())}.")
        : SequencePooling.LastToken;

    private static JsonObject CommonFields(string peftType, DecoderWithHead<Tensor> model, string baseModelNameOrPath) => new()
    {
        ["peft_type"] = peftType,
        ["task_type"] = model switch
        {
            SequenceClassifier => "SEQ_CLS",
            TokenClassifier => "TOKEN_CLS",
            _ => "CAUSAL_LM",
        },
        ["base_model_name_or_path"] = baseModelNameOrPath,
        ["inference_mode"] = true,
        ["modules_to_save"] = model.TaskHead is { } head ? new JsonArray(head) : null,
    };

    public static JsonObject ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        return File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a JSON object.")
            : throw new InvalidDataException($"{folder} has no {ConfigFile}.");
    }

    /// <summary>Copies every stored tensor into its target by key; a missing, misshapen or unexpected tensor is an error.</summary>
    /// <exception cref="InvalidDataException">The message names the tensor.</exception>
    public static void CopyInto(string folder, IEnumerable<(string Key, Tensor Target)> targets)
    {
        var stored = SafeTensors.Read(Path.Combine(folder, WeightsFile));
        try
        {
            using var _ = no_grad();
            foreach (var (key, target) in targets)
            {
                if (!stored.Remove(key, out var tensor))
                {
                    throw new InvalidDataException($"{folder}: tensor '{key}' is missing.");
                }

                using (tensor)
                {
                    if (!tensor.shape.SequenceEqual(target.shape))
                    {
                        throw new InvalidDataException(
                            $"{folder}: tensor '{key}' has shape [{string.Join(", ", tensor.shape)}], the model expects [{string.Join(", ", target.shape)}].");
                    }

                    target.copy_(tensor);
                }
            }

            if (stored.Count > 0)
            {
                throw new InvalidDataException($"{folder}: unexpected tensors {string.Join(", ", stored.Keys)}.");
            }
        }
        finally
        {
            foreach (var tensor in stored.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
