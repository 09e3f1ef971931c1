using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Domain.Common;
using Platform.Training.Checkpoints;
using Platform.Training.Execution;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.BaseModels;

/// <summary>
/// Imports a Hugging Face model folder (GPT-2 or Llama family) from the local disk: it must load
/// completely (config, tokenizer, every weight with its shape) before anything is copied, and the copy
/// under the models path is what gets registered, so later edits to the source cannot change it.
/// </summary>
public sealed class BaseModelImporter(IServiceScopeFactory scopes, IOptions<TrainingWorkerOptions> options)
{
    public async Task<Result<Guid>> ImportAsync(string sourceFolder, string? name, string actor, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(sourceFolder))
        {
            return new Error(ErrorKind.Validation, $"{sourceFolder} is not a folder on the server.", "path");
        }

        var targetName = string.IsNullOrWhiteSpace(name) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceFolder))) : name.Trim();
        if (targetName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || targetName is "." or "..")
        {
            return new Error(ErrorKind.Validation, $"'{targetName}' cannot name a model folder.", "name");
        }

        if (Verify(sourceFolder) is { } invalid)
        {
            return new Error(ErrorKind.Validation, invalid, "path");
        }

        var target = Path.GetFullPath(Path.Combine(options.Value.ModelsPath, targetName));
        if (Directory.Exists(target))
        {
            return Error.Conflict($"The models path already holds a folder named {targetName}; choose another name.");
        }

        // Copy beside the target and move into place only once registered: a refused import leaves nothing behind.
        var staging = $"{target}.importing-{Guid.NewGuid():N}";
        try
        {
            CopyFiles(sourceFolder, staging);
            var command = BaseModelFolder.Describe(staging, actor) with { Name = targetName, Path = target };
            var registered = await scopes.TrySendInScopeAsync(command, cancellationToken);
            if (registered.IsSuccess)
            {
                Directory.Move(staging, target);
            }

            return registered;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Loads the whole model once; the error a user can act on, or null when it loads.</summary>
    private static string? Verify(string folder)
    {
        if (!BaseModelFolder.IsModel(folder))
        {
            return $"{folder} is not a Hugging Face model folder: it needs {HuggingFaceCheckpoint.ConfigFile} and {HuggingFaceCheckpoint.WeightsFile}.";
        }

        try
        {
            using var tensors = HeldTensors.UntilTheWorkEnds();
            var config = HuggingFaceCheckpoint.ReadConfig(folder);
            using var generator = new Generator(0);
            using var model = new CausalLanguageModel(config, generator);
            HuggingFaceCheckpoint.Load(folder, config, model.named_parameters().Select(p => (p.name, p.parameter)));
            Tokenization.TokenizerLoader.Load(folder);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or NotSupportedException or ArgumentException or System.Text.Json.JsonException)
        {
            return $"{folder} does not load: {e.Message}";
        }
    }

    private static void CopyFiles(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}
