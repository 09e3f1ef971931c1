namespace Platform.Domain.Runs;

/// <summary>The hidden states a sequence-classification head reads (Hugging Face's <c>summary_type</c>).</summary>
public enum SequencePooling
{
    /// <summary>The last real token, as Hugging Face's *ForSequenceClassification: in a causal decoder the only one that has seen the whole text.</summary>
    LastToken,

    /// <summary>
    /// The first token, where BERT's [CLS] sits and where P-tuning v2 puts its head. In a causal decoder it sees
    /// only the virtual tokens before it and itself, so it suits bidirectional encoders and comparisons with them.
    /// </summary>
    FirstToken,

    /// <summary>The mean over the real tokens.</summary>
    Mean,
}
