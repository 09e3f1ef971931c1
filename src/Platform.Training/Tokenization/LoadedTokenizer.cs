using Microsoft.ML.Tokenizers;

namespace Platform.Training.Tokenization;

/// <summary>A model folder's tokenizer with its special tokens made explicit.</summary>
/// <param name="Tokenizer">Encodes and decodes; it adds no bos or eos on its own (see <see cref="SpecialTokens.AddBeginningOfSequence"/>).</param>
/// <param name="VocabularySize">One more than the largest id the tokenizer can produce; a model's embedding must have at least this many rows.</param>
public sealed record LoadedTokenizer(Tokenizer Tokenizer, SpecialTokens Special, TokenizerFormat Format, int VocabularySize);
