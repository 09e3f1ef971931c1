namespace Platform.Training.Models.Gpt;

/// <summary>A GPT-2-style decoder: learned positions, LayerNorm, GELU MLP, tied embeddings.</summary>
public sealed record GptConfig(int VocabularySize, int ContextLength, int Layers, int Heads, int EmbeddingSize)
{
    public int HeadSize => EmbeddingSize / Heads;
}
