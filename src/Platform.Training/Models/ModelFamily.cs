namespace Platform.Training.Models;

/// <summary>The decoder architectures the engine builds, each with its Hugging Face parameter names.</summary>
public enum ModelFamily
{
    /// <summary>GPT-2: learned positions, LayerNorm, GELU MLP, biases, tied embeddings (<c>transformer.*</c>).</summary>
    Gpt2,

    /// <summary>Llama: rotary positions, RMSNorm, SwiGLU MLP, grouped-query attention, no biases (<c>model.*</c>).</summary>
    Llama,
}
