namespace Platform.Training.Data.Corpora;

/// <summary>A tagged word of the Brown corpus, e.g. <c>jury/nn</c>.</summary>
public sealed record TaggedWord(string Word, string Tag);

/// <summary>One of the Brown corpus's 500 texts: its id (e.g. <c>ca01</c>), genre letter, sentences and running text.</summary>
public sealed record BrownText(string Id, char Genre, IReadOnlyList<IReadOnlyList<TaggedWord>> Sentences, string Text);
