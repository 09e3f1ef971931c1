using Platform.Training.Data;
using Platform.Training.Data.Corpora;
using Platform.Training.Data.Importers;
using Platform.Training.Methods.Pretraining;
using Platform.Training.Tokenization;

namespace Platform.Training.Methods.FineTuning;

/// <summary>
/// The Brown corpus in a base model's tokens, split as the built-in base model was pretrained (5% of each
/// genre held out): the pretraining text mixed into batches, and the held-out text forgetting is measured on.
/// </summary>
public static class BrownTokens
{
    public static TokenSplits For(LoadedTokenizer tokenizer)
    {
        var (train, heldOut) = BrownCorpus.Split(BrownTexts.Load(), new BaseModelRecipe().Seed);
        return new TokenSplits(BaseModelPretraining.Encode(train, tokenizer), BaseModelPretraining.Encode(heldOut, tokenizer));
    }

    public static long[] HeldOut(LoadedTokenizer tokenizer)
    {
        var (_, heldOut) = BrownCorpus.Split(BrownTexts.Load(), new BaseModelRecipe().Seed);
        return BaseModelPretraining.Encode(heldOut, tokenizer);
    }
}
