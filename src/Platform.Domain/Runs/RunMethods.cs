namespace Platform.Domain.Runs;

/// <summary>A training method the engine can execute.</summary>
public sealed record RunMethod(string Id, string DisplayName, string Description);

/// <summary>The methods a run may name; a run naming any other method is rejected at queue time.</summary>
public static class RunMethods
{
    public static readonly RunMethod Pretrain = new(
        "pretrain",
        "Pretraining",
        "Train every parameter of a character-level transformer from a seeded random initialisation.");

    public static IReadOnlyList<RunMethod> All { get; } = [Pretrain];

    public static bool IsKnown(string? id) => All.Any(m => m.Id == id);
}
