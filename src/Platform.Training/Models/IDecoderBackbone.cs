using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models;

/// <summary>A decoder stack without a head: token ids (B,T) to final hidden states (B,T,C).</summary>
public interface IDecoderBackbone
{
    DecoderConfig Config { get; }

    /// <summary>The input embedding, shared with the language-model head when embeddings are tied.</summary>
    Parameter TokenEmbedding { get; }

    Tensor forward(Tensor tokens, DecoderInputs inputs);
}
