using Platform.Domain.BaseModels.RegisteringBaseModel;
using Platform.Training.Checkpoints;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Tokenization;
using static TorchSharp.torch;

namespace Platform.Training.BaseModels;

/// <summary>Turns a model folder (Hugging Face layout + the platform's model card) into the command that registers it.</summary>
public static class BaseModelFolder
{
    public const string HeldOutPerplexity = "heldout/perplexity";

    public static bool IsModel(string folder) =>
        File.Exists(Path.Combine(folder, HuggingFaceCheckpoint.ConfigFile)) && File.Exists(Path.Combine(folder, HuggingFaceCheckpoint.WeightsFile));

    public static RegisterBaseModel Describe(string folder, string actor)
    {
        var config = HuggingFaceCheckpoint.ReadConfig(folder);
        var weights = CheckpointFile.Describe(0, Path.Combine(folder, HuggingFaceCheckpoint.WeightsFile));
        var card = File.Exists(Path.Combine(folder, BaseModelCard.FileName)) ? BaseModelCard.Read(folder) : null;
        var readme = Path.Combine(folder, "README.md");
        return new RegisterBaseModel(
            card?.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)),
            config.Family.ToString(),
            card?.Parameters ?? CountParameters(config),
            config.VocabularySize,
            config.ContextLength,
            TokenizerLoader.Load(folder).Format.ToString(),
            Path.GetFullPath(folder),
            weights.Sha256,
            File.Exists(readme) ? File.ReadAllText(readme) : string.Empty,
            card is null ? new Dictionary<string, double>() : new Dictionary<string, double> { [HeldOutPerplexity] = card.HeldOutPerplexity },
            actor);
    }

    private static long CountParameters(DecoderConfig config)
    {
        using var generator = new Generator(0);
        using var model = new CausalLanguageModel(config, generator);
        return model.parameters().Sum(p => p.numel());
    }
}
