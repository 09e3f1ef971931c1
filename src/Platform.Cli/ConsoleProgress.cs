using System.Diagnostics;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;
using Spectre.Console;

namespace Platform.Cli;

/// <summary>One console line per logged step: loss, learning rate, throughput, steps/s and the time left.</summary>
internal sealed class ConsoleProgress(int totalSteps) : ITrainingObserver
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void OnMetrics(MetricPoint point)
    {
        var stepsPerSecond = point.Step / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds(Math.Round((totalSteps - point.Step) / Math.Max(1e-9, stepsPerSecond)));
        var values = string.Join("  ", point.Values.Select(v => $"{v.Key} {v.Value:G5}"));
        AnsiConsole.MarkupLineInterpolated($"[grey]step[/] {point.Step}/{totalSteps}  {values}  [grey]{stepsPerSecond:F2} steps/s, ETA {eta:c}[/]");
    }

    public void OnCheckpoint(CheckpointFile checkpoint) =>
        AnsiConsole.MarkupLineInterpolated($"[green]checkpoint[/] step {checkpoint.Step}: {checkpoint.Path} ({checkpoint.SizeBytes / 1e6:F1} MB)");
}
