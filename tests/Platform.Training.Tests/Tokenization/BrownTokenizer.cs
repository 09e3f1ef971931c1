using Platform.Training.Data;
using Platform.Training.Tokenization;

namespace Platform.Training.Tests.Tokenization;

/// <summary>One byte-level BPE trained on the built-in Brown sample, shared by the tests (training takes a fraction of a second).</summary>
internal static class BrownTokenizer
{
    public const int VocabularySize = 1024;

    public static readonly IReadOnlyList<string> SpecialTokens = [ByteLevelBpeTrainingOptions.EndOfText, "<|pad|>"];

    private static readonly Lazy<string> LazyText = new(() => BuiltInDatasetLoader.LoadText("brown-sample"));
    private static readonly Lazy<ByteLevelBpeModel> LazyModel = new(() => Train(Options));

    public static ByteLevelBpeTrainingOptions Options => new() { VocabularySize = VocabularySize, SpecialTokens = SpecialTokens };

    public static string Text => LazyText.Value;

    public static ByteLevelBpeModel Model => LazyModel.Value;

    public static ByteLevelBpeModel Train(ByteLevelBpeTrainingOptions options) => ByteLevelBpeTrainer.Train(Text, options);
}
