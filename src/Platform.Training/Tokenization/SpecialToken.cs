namespace Platform.Training.Tokenization;

/// <summary>A special token as written in text and the id the tokenizer gives it.</summary>
public sealed record SpecialToken(string Text, int Id);
