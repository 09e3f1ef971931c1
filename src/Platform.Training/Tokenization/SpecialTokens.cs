namespace Platform.Training.Tokenization;

/// <summary>
/// The special tokens a model folder declares (tokenizer_config.json, special_tokens_map.json) or, where
/// it declares none, the format's defaults (GPT-2: <c>&lt;|endoftext|&gt;</c> as bos, eos and unk;
/// SentencePiece: the model's own bos, eos and unk). A folder without a pad token pads with eos, as
/// GPT-2 fine-tuning usually does; padded positions are masked out of the loss anyway.
/// </summary>
/// <param name="AddBeginningOfSequence">
/// Whether the model was trained with bos in front of every sequence (Llama: yes, GPT-2: no). The
/// tokenizer itself never adds it: callers that build model inputs prepend it when this is true.
/// </param>
public sealed record SpecialTokens(
    SpecialToken? BeginningOfSequence,
    SpecialToken? EndOfSequence,
    SpecialToken? Padding,
    SpecialToken? Unknown,
    bool AddBeginningOfSequence);
