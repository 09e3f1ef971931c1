using System.CommandLine;
using System.Diagnostics;
using Platform.Training.Methods.Pretraining;
using Spectre.Console;

namespace Platform.Cli.Results;

/// <summary><c>results peft</c>: runs the fine-tuning comparison through the platform and writes its report.</summary>
internal static class ResultsCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Optimiser steps per run.", DefaultValueFactory = _ => 150 };
        var seeds = new Option<int[]>("--seeds") { Description = "Seeds on SpamAssassin (the first also for CMU dictionary and Brown POS).", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int>("--batch-size") { Description = "Sequences per step.", DefaultValueFactory = _ => 16 };
        var context = new Option<int>("--context") { Description = "Tokens per sequence (the base model's 128 less room for virtual tokens).", DefaultValueFactory = _ => 96 };
        var output = new Option<FileInfo>("--output") { Description = "The report to write.", DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "results", "peft-comparison.md")) };
        var peft = new Command("peft", "Every fine-tuning method on SpamAssassin (and four on CMU dictionary and Brown POS), as platform runs; writes the comparison.")
        {
            steps, seeds, batch, context, output,
        };
        peft.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Platform")
                ?? throw new InvalidOperationException("Set ConnectionStrings__Platform (./platform results does) to the platform's database.");
            var artifacts = Environment.GetEnvironmentVariable("Training__ArtifactsPath") ?? Path.Combine(".data", "artifacts");
            var settings = new PeftComparisonSettings(
                Path.Combine("models", new BaseModelRecipe().Name), parse.GetValue(seeds)!, parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(context));
            var clock = Stopwatch.StartNew();
            await using var platform = await PlatformSession.OpenAsync(connectionString, artifacts, cancellationToken);
            var comparison = new PeftComparison(settings);
            var runs = await comparison.RunAsync(platform, cancellationToken);
            var report = parse.GetValue(output)!;
            report.Directory?.Create();
            var command = $"./platform results peft --steps {settings.Steps} --seeds {string.Join(' ', settings.Seeds)} --batch-size {settings.BatchSize} --context {settings.ContextLength}";
            await File.WriteAllTextAsync(report.FullName, comparison.Report(runs, command, clock.Elapsed), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {report.FullName}");
            return runs.Any(r => r.Failure is not null) ? 1 : 0;
        });
        return new Command("results", "Studies run through the platform, written to docs/results/.") { peft };
    }
}
