using Platform.Training.Models.Extensions;
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

    /// <summary>Virtual tokens in the input embeddings (prompt tuning, P-tuning).</summary>
    void AttachPrompt(string name, InputPrompt prompt);

    /// <summary>Keys and values before every layer's own (prefix tuning, P-tuning v2).</summary>
    void AttachPrefix(string name, KeyValuePrefix prefix);

    /// <summary>Positions the attached prompt or prefix adds before every sequence's tokens (0 without one).</summary>
    int VirtualTokenCount { get; }
}
