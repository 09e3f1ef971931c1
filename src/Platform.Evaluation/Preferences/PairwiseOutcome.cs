namespace Platform.Evaluation.Preferences;

/// <summary>One pairwise result: <see cref="Winner"/> beat <see cref="Loser"/>, or, when <see cref="IsTie"/>, neither did.</summary>
public sealed record PairwiseOutcome<T>(T Winner, T Loser, bool IsTie);
