namespace Platform.Training.Tokenization;

/// <summary>Which files of a model folder a tokenizer was loaded from.</summary>
public enum TokenizerFormat
{
    /// <summary>tokenizer.json (Hugging Face tokenizers) describing a byte-level BPE.</summary>
    HuggingFaceTokenizerJson,

    /// <summary>vocab.json + merges.txt, GPT-2's byte-level BPE.</summary>
    Gpt2VocabularyAndMerges,

    /// <summary>tokenizer.model, a SentencePiece model (Llama, Mistral, T5…).</summary>
    SentencePiece,

    /// <summary>A <c>*.tiktoken</c> rank file of one of OpenAI's known encodings.</summary>
    Tiktoken,
}
