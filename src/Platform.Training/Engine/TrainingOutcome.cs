using Platform.Training.Checkpoints;

namespace Platform.Training.Engine;

/// <summary>One evaluation a fine-tuning run records: a suite (the dataset, "efficiency", "forgetting"), a split and its metrics.</summary>
public sealed record SuiteEvaluation(string Suite, string Split, IReadOnlyDictionary<string, double> Metrics);

/// <summary>What a run produced: its saved adapter (none for pretraining), its evaluations, and the summary the run completes with.</summary>
public sealed record TrainingOutcome(CheckpointFile? Adapter, IReadOnlyList<SuiteEvaluation> Evaluations, IReadOnlyDictionary<string, double> FinalMetrics);
