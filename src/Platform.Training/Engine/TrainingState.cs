using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>
/// What a checkpoint folder needs beyond the weights to continue training exactly: the optimiser's
/// moments, the batch sampler's random state (the data position) and the step. The learning-rate
/// schedule is a function of the step, so it needs no state of its own.
/// </summary>
public static class TrainingState
{
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "training_state.json";

    public static void Write(string folder, long step, HeldScalarAdamW optimizer, Generator batches)
    {
        optimizer.save_state_dict(Path.Combine(folder, OptimizerFile));
        using var random = batches.get_state();
        var state = new Saved(step, Convert.ToBase64String(random.bytes));
        File.WriteAllText(Path.Combine(folder, StateFile), JsonSerializer.Serialize(state));
    }

    /// <returns>The step the folder was written at; the optimiser and sampler continue from there.</returns>
    /// <exception cref="FileNotFoundException">The folder is a weights-only checkpoint.</exception>
    public static long Restore(string folder, HeldScalarAdamW optimizer, Generator batches)
    {
        var statePath = Path.Combine(folder, StateFile);
        if (!File.Exists(statePath))
        {
            throw new FileNotFoundException($"{folder} holds no training state ({StateFile}); it cannot be resumed from.", statePath);
        }

        var state = JsonSerializer.Deserialize<Saved>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath} is empty.");
        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
        using var random = batches.get_state();
        random.bytes = Convert.FromBase64String(state.BatchSampler);
        batches.set_state(random);
        return state.Step;
    }

    private sealed record Saved(long Step, string BatchSampler);
}
