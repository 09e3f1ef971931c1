using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Platform.Domain.Runs;
using Platform.Training.Methods.Pretraining;

namespace Platform.Cli.Results;

/// <summary>docs/results/peft-comparison.md: how the runs were made, their numbers, and plain answers to the issue's questions.</summary>
internal sealed class PeftComparisonReport(PeftComparisonSettings settings, IReadOnlyList<StudyRun> runs, string command, TimeSpan elapsed)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Fine-tuning methods compared");
        text.AppendLine();
        text.AppendLine(Invariant, $"Written by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F0} min. Every run below was queued, executed and evaluated by the platform (experiments named `peft-comparison <dataset> <time>`), so each is on its leaderboard with its events.");
        text.AppendLine();
        Setup(text);
        SpamAssassinTable(text);
        Verdicts(text);
        VariantsTable(text);
        GenerativeTable(text);
        QuantisationTable(text);
        Failures(text);
        return text.ToString();
    }

    private void Setup(StringBuilder text)
    {
        var card = BaseModelCard.Read(settings.BaseModelFolder);
        text.AppendLine("## Setup");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Machine: {CpuModel()} ({Environment.ProcessorCount} logical cores), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} on the CPU, float32.");
        text.AppendLine(Invariant, $"- Base model: `{card.Name}` (GPT-2 style, {card.Recipe.Layers} layers × {card.Recipe.EmbeddingSize}, {card.Parameters:N0} parameters, context {card.Recipe.ContextLength}, held-out Brown perplexity {card.HeldOutPerplexity:F2}).");
        text.AppendLine("- Data: the built-in importers (`spam-assassin`, `cmudict`, `brown-pos`) as dataset versions; each split 80 / 10 / 10 into train, validation and test by the platform's deterministic split (seed 42). Test and validation counts per task are in the tables.");
        text.AppendLine(Invariant, $"- Budget, the same for every method: {settings.Steps} optimiser steps of {settings.BatchSize} sequences of at most {settings.ContextLength} tokens (texts keep their first tokens), warm-up {Math.Max(1, settings.Steps / 10)} steps then cosine decay, AdamW (β 0.9/0.95, weight decay 0.01 on matrices), gradient clipping at 1. The feature-based baseline fits its logistic regression by L-BFGS (up to 100 iterations); the hard-prompt baseline trains nothing (2-shot).");
        text.AppendLine(Invariant, $"- Seeds: {string.Join(", ", settings.Seeds)} on SpamAssassin (mean ± sample standard deviation); seed {settings.Seeds[0]} on CMU dictionary and Brown POS.");
        text.AppendLine("- Method options: the defaults (`MethodOptions`): LoRA/QLoRA r 8, α 16 on the fused attention projection; AdaLoRA rank 12 → 8 per layer; 10 virtual tokens (prompt, prefix, P-tuning); prefix MLP and P-tuning encoder width 128; Houlsby bottleneck 16; LLaMA-Adapter in the top 2 layers; Finetuning I trains the head and the top block.");
        text.AppendLine("- Learning rates (one per method, from each method's usual range, never tuned on test data):");
        text.AppendLine();
        text.AppendLine("  | Method | Learning rate |");
        text.AppendLine("  |---|---|");
        foreach (var method in runs.Select(r => (r.Method, r.LearningRate)).Distinct().Where(m => m.Method.Trains && m.Method != RunMethods.FeatureBased))
        {
            text.AppendLine(Invariant, $"  | {method.Method.DisplayName} | {method.LearningRate:G3} |");
        }

        text.AppendLine();
    }

    private void SpamAssassinTable(StringBuilder text)
    {
        var spam = runs.Where(r => r.Dataset == PeftComparison.SpamAssassin && r.Failure is null && r.Variant is null).ToList();
        text.AppendLine("## SpamAssassin (ham / spam): every method");
        text.AppendLine();
        if (spam.Count > 0)
        {
            text.AppendLine(Invariant, $"Validation {spam[0].Metrics.GetValueOrDefault("validation/examples"):N0} and test {spam[0].Metrics.GetValueOrDefault("test/examples"):N0} e-mails. Accuracy and F1 (macro over ham and spam) on the test split.");
            text.AppendLine();
        }

        text.AppendLine("| Method | Family | Test accuracy | Test F1 | Trainable | Adapter | Wall time | Peak RSS | Brown perplexity before → after |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in spam.GroupBy(r => r.Method).OrderBy(g => RunMethodsOrder(g.Key)))
        {
            var first = group.First().Metrics;
            text.AppendLine(Invariant,
                $"| {group.Key.DisplayName} | {group.Key.Family} | {MeanStd(group, "test/accuracy")} | {MeanStd(group, "test/f1")} | {first[MetricNames.TrainableParameterShare] * 100:G3}% ({first[MetricNames.TrainableParameters]:N0}) | {Bytes(first[MetricNames.AdapterBytes])} | {Mean(group, MetricNames.WallSeconds):F0} s | {Mean(group, MetricNames.PeakRssBytes) / 1e6:F0} MB | {Mean(group, MetricNames.ForgettingPerplexityBefore):F1} → {Mean(group, MetricNames.ForgettingPerplexityAfter):F1} |");
        }

        text.AppendLine();
        text.AppendLine("Trainable counts what receives gradients while training: P-tuning's bi-LSTM encoder and prefix tuning's MLP train but are not saved (the adapter holds their output), hence their small adapters. Peak RSS is the process's high-water mark from the run's start (reset through /proc/self/clear_refs after a garbage collection and `malloc_trim`); all runs share one process, so memory the runtime keeps from earlier runs counts too: compare it between neighbouring runs.");
        text.AppendLine();
        text.AppendLine("Forgetting is the base model's perplexity on held-out Brown text (64 windows) read through the adapted backbone and the base model's language-model head; a new classification head does not change it, so it moves only where a method changes the backbone's computation.");
        text.AppendLine();
    }

    private void Verdicts(StringBuilder text)
    {
        text.AppendLine("## What the table says");
        text.AppendLine();
        var accuracy = runs.Where(r => r.Dataset == PeftComparison.SpamAssassin && r.Failure is null && r.Variant is null)
            .GroupBy(r => r.Method)
            .ToDictionary(g => g.Key, g => (Mean: Mean(g, "test/accuracy"), Share: g.First().Metrics[MetricNames.TrainableParameterShare]));
        if (accuracy.TryGetValue(RunMethods.FeatureBased, out var feature) && accuracy.TryGetValue(RunMethods.FinetuningHead, out var head) && accuracy.TryGetValue(RunMethods.FinetuningFull, out var full))
        {
            var holds = feature.Mean < head.Mean && head.Mean < full.Mean;
            text.AppendLine(Invariant,
                $"- The design documents' shape, feature-based < Finetuning I < Finetuning II (83% < 87% < 92% for DistilBERT on movie reviews): **{(holds ? "holds" : "does not hold")}** here: feature-based {feature.Mean * 100:F2}%, Finetuning I {head.Mean * 100:F2}%, Finetuning II {full.Mean * 100:F2}% (mean test accuracy).");
            foreach (var method in new[] { RunMethods.Lora, RunMethods.PrefixTuning, RunMethods.Houlsby })
            {
                if (accuracy.TryGetValue(method, out var result))
                {
                    var gap = (full.Mean - result.Mean) * 100;
                    var within = gap <= 2 && result.Share <= 0.05;
                    text.AppendLine(Invariant,
                        $"- {method.DisplayName} within 2 points of full fine-tuning at ≤ 5% trainable parameters: **{(within ? "yes" : "no")}** ({result.Mean * 100:F2}% vs {full.Mean * 100:F2}%: {Math.Abs(gap):F2} points {(gap >= 0 ? "below" : "above")}, {result.Share * 100:G3}% trainable).");
                }
            }
        }
        else
        {
            text.AppendLine("- The baselines needed for the comparison did not all complete; see the failures below.");
        }

        text.AppendLine();
    }

    private void VariantsTable(StringBuilder text)
    {
        var variants = runs.Where(r => r.Variant is not null && r.Failure is null).GroupBy(r => r.Variant!).ToList();
        if (variants.Count == 0)
        {
            return;
        }

        text.AppendLine("## The papers' variants (SpamAssassin)");
        text.AppendLine();
        text.AppendLine("PEFT prepends all of P-tuning's virtual tokens and puts a decoder's classification head on the last token; the papers place some virtual tokens after the input (P-tuning's templates) and P-tuning v2's head on the first token ([CLS] in their bidirectional encoders). Same seeds, budget and learning rates as the table above.");
        text.AppendLine();
        text.AppendLine("| Variant | Test accuracy | Test F1 | The method's default |");
        text.AppendLine("|---|---|---|---|");
        foreach (var group in variants)
        {
            var defaults = runs.Where(r => r.Dataset == PeftComparison.SpamAssassin && r.Failure is null && r.Variant is null && r.Method == group.First().Method).ToList();
            text.AppendLine(Invariant,
                $"| {group.Key} | {MeanStd(group, "test/accuracy")} | {MeanStd(group, "test/f1")} | {(defaults.Count > 0 ? MeanStd(defaults, "test/accuracy") : "—")} |");
        }

        text.AppendLine();
        text.AppendLine("In a causal decoder the first token sees the deep prompts and itself but none of the text after it, so a head there reads one token of the e-mail: the platform keeps the last token as P-tuning v2's default and offers the first as `MethodOptions.Pooling`.");
        text.AppendLine();
    }

    private void GenerativeTable(StringBuilder text)
    {
        var generative = runs.Where(r => r.Dataset is PeftComparison.CmuDict or PeftComparison.BrownPos).ToList();
        if (generative.Count == 0)
        {
            return;
        }

        text.AppendLine("## CMU dictionary SFT and Brown POS tagging");
        text.AppendLine();
        text.AppendLine("CMU dictionary: word → ARPAbet phonemes as instruction tuning with the loss on the response; exact match of the greedy completion on the first 200 test words. Brown POS: one tag per word at its first sub-word token; accuracy over the tagged test words.");
        text.AppendLine();
        text.AppendLine("| Method | CMU exact match | CMU response loss | Brown POS accuracy | Brown POS F1 (macro) | Trainable |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var group in generative.GroupBy(r => r.Method))
        {
            var cmu = group.FirstOrDefault(r => r.Dataset == PeftComparison.CmuDict);
            var pos = group.FirstOrDefault(r => r.Dataset == PeftComparison.BrownPos);
            text.AppendLine(Invariant,
                $"| {group.Key.DisplayName} | {Value(cmu, "test/exact_match")} | {Value(cmu, "test/loss")} | {Value(pos, "test/accuracy")} | {Value(pos, "test/f1")} | {Share(cmu ?? pos)} |");
        }

        text.AppendLine();
    }

    private void QuantisationTable(StringBuilder text)
    {
        var pair = runs.Where(r => r.Dataset == PeftComparison.SpamAssassin && r.Failure is null && (r.Method == RunMethods.Lora || r.Method == RunMethods.QLora))
            .GroupBy(r => r.Method).ToList();
        if (pair.Count < 2)
        {
            return;
        }

        text.AppendLine("## QLoRA against LoRA (SpamAssassin)");
        text.AppendLine();
        text.AppendLine("| Method | Test accuracy | Stored bits per base weight | Peak RSS | Wall time |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var group in pair)
        {
            text.AppendLine(Invariant,
                $"| {group.Key.DisplayName} | {MeanStd(group, "test/accuracy")} | {Mean(group, MetricNames.BaseBitsPerParameter):F3} | {Mean(group, MetricNames.PeakRssBytes) / 1e6:F0} MB | {Mean(group, MetricNames.WallSeconds):F0} s |");
        }

        text.AppendLine();
        text.AppendLine("Bits per base weight count what the quantised linear layers store (4-bit codes, the double-quantised block scales and their constants); embeddings, norms and biases stay float32 in both. The 2.6 M-parameter model is small enough that the process's peak RSS is dominated by the runtime, not by the weights.");
        text.AppendLine();
    }

    private void Failures(StringBuilder text)
    {
        var failed = runs.Where(r => r.Failure is not null).ToList();
        if (failed.Count == 0)
        {
            return;
        }

        text.AppendLine("## Runs that failed");
        text.AppendLine();
        foreach (var run in failed)
        {
            text.AppendLine(Invariant, $"- {run.Variant ?? run.Method.DisplayName} on {run.Dataset}, seed {run.Seed} (run {run.RunId}): {run.Failure}");
        }

        text.AppendLine();
    }

    private static int RunMethodsOrder(RunMethod method) => RunMethods.All.ToList().IndexOf(method);

    private static double Mean(IEnumerable<StudyRun> group, string metric) => group.Select(r => r.Metrics.GetValueOrDefault(metric, double.NaN)).Average();

    private static string MeanStd(IEnumerable<StudyRun> group, string metric)
    {
        var values = group.Select(r => r.Metrics.GetValueOrDefault(metric, double.NaN) * 100).ToList();
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return string.Format(Invariant, "{0:F2} ± {1:F2}", mean, std);
    }

    private static string Value(StudyRun? run, string metric) =>
        run is null ? "—" : run.Failure is not null ? "failed" : run.Metrics.TryGetValue(metric, out var value) ? value.ToString("F4", Invariant) : "—";

    private static string Share(StudyRun? run) =>
        run?.Metrics.TryGetValue(MetricNames.TrainableParameterShare, out var share) == true ? $"{share * 100:G3}%" : "—";

    private static string Bytes(double bytes) => bytes switch
    {
        0 => "none",
        < 1e6 => string.Format(Invariant, "{0:F1} kB", bytes / 1e3),
        _ => string.Format(Invariant, "{0:F1} MB", bytes / 1e6),
    };

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : RuntimeInformation.ProcessArchitecture.ToString();
}
