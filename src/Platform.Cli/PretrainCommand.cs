using System.CommandLine;
using Platform.Training.Data;
using Platform.Training.Data.Corpora;
using Platform.Training.Methods.Pretraining;
using Spectre.Console;

namespace Platform.Cli;

/// <summary><c>pretrain</c>: re-creates the built-in base model from scratch.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var defaults = new BaseModelRecipe();
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write the model into.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("models", defaults.Name)) };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps.", DefaultValueFactory = _ => defaults.Steps };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the weights and the batches.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("pretrain", "Pretrain the built-in base model on the Brown corpus and write it with its tokenizer and model card.")
        {
            output, steps, seed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var recipe = defaults with { Steps = parse.GetValue(steps), Seed = parse.GetValue(seed) };
            var folder = parse.GetValue(output)!.FullName;
            AnsiConsole.MarkupLineInterpolated($"Pretraining [bold]{recipe.Name}[/] into {folder}");
            var card = BaseModelPretraining.Run(
                recipe, NpmDataPackages.Directory(BrownCorpus.PackageName), folder, new ConsoleProgress(recipe.Steps), cancellationToken);
            var table = new Table().AddColumns("", "");
            table.AddRow("parameters", $"{card.Parameters:N0}");
            table.AddRow("vocabulary", $"{card.VocabularySize:N0}");
            table.AddRow("train / held-out tokens", $"{card.TrainTokens:N0} / {card.HeldOutTokens:N0}");
            table.AddRow("held-out perplexity", $"{card.HeldOutPerplexity:F2}");
            table.AddRow("time", $"{card.TrainingSeconds / 60:F1} min");
            AnsiConsole.Write(table);
            return Task.FromResult(0);
        });
        return command;
    }
}
