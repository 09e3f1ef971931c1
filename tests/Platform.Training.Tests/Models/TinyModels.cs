using Platform.Training.Models;
using Platform.Training.Models.Heads;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Models;

internal static class TinyModels
{
    /// <summary>Where a tiny model's base folder would be exported: adapters record the path to it, and no test loads from it.</summary>
    public static readonly string BaseFolder = Path.Combine(Path.GetTempPath(), "platform-tiny-base");

    public static readonly DecoderConfig Gpt2 = new()
    {
        Family = ModelFamily.Gpt2,
        VocabularySize = 50,
        ContextLength = 32,
        Layers = 2,
        Heads = 2,
        EmbeddingSize = 16,
    };

    public static readonly DecoderConfig Llama = new()
    {
        Family = ModelFamily.Llama,
        VocabularySize = 50,
        ContextLength = 32,
        Layers = 2,
        Heads = 4,
        KeyValueHeads = 2,
        EmbeddingSize = 16,
        IntermediateSize = 40,
        TieEmbeddings = false,
    };

    public static DecoderConfig For(ModelFamily family) => family == ModelFamily.Gpt2 ? Gpt2 : Llama;

    public static CausalLanguageModel LanguageModel(ModelFamily family, ulong seed = 3)
    {
        using var generator = new Generator(seed);
        return new CausalLanguageModel(For(family), generator);
    }

    public static Tensor Tokens(long batch, long time, ulong seed = 5)
    {
        using var generator = new Generator(seed);
        return randint(50, [batch, time], generator: generator);
    }
}
