using System.Text.Json;

namespace Platform.Training.Peft;

/// <summary>
/// Which base model an adapter was trained on, kept in platform_adapter.json beside PEFT's files (PEFT's
/// own adapter_config.json stays exactly as PEFT writes it), so loading onto another base fails clearly.
/// </summary>
/// <param name="BaseModelName">The name the base model is registered under in the platform.</param>
/// <param name="BaseModelFolder">The base model's Hugging Face folder when the adapter was saved.</param>
public sealed record AdapterProvenance(string Method, string BaseModelName, string BaseModelFamily, string BaseModelSha256, string BaseModelFolder)
{
    public const string FileName = "platform_adapter.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// adapter_config.json's <c>base_model_name_or_path</c>: the base folder relative to the adapter's, which
    /// <c>AutoPeftModel.from_pretrained</c> loads as a local path (the registered name would be looked up on the Hub).
    /// </summary>
    public string BaseModelNameOrPath(string adapterFolder) => Path.GetRelativePath(adapterFolder, BaseModelFolder);

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options));

    public static AdapterProvenance Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<AdapterProvenance>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty.")
            : throw new FileNotFoundException($"{folder} has no {FileName}: it was not saved by the platform, so its base model cannot be checked.", path);
    }

    /// <exception cref="InvalidDataException">The adapter belongs to another method, family or base weights; the message says which.</exception>
    public void EnsureMatches(string method, string family, string baseModelSha256)
    {
        if (Method != method)
        {
            throw new InvalidDataException($"This is a {Method} adapter, not a {method} one.");
        }

        if (BaseModelFamily != family || BaseModelSha256 != baseModelSha256)
        {
            throw new InvalidDataException(
                $"The adapter was trained on a {BaseModelFamily} base model with weights {BaseModelSha256[..12]}…; this base model is {family} with weights {baseModelSha256[..Math.Min(12, baseModelSha256.Length)]}…. Load it onto the base model it was trained on.");
        }
    }
}
