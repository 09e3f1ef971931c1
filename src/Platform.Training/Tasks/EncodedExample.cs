namespace Platform.Training.Tasks;

/// <summary>A tokenised example: its token ids and, per task, one target per example or per token (−100 = no loss).</summary>
public sealed record EncodedExample(long[] Tokens, long[] Targets);
