namespace Platform.Domain.Experiments.StartingSweep;

public enum SweepStrategy
{
    /// <summary>Every combination of the listed values.</summary>
    Grid,

    /// <summary><see cref="SweepSpec.Count"/> configs, each option drawn independently from its list or range with a seeded generator.</summary>
    Random,
}

/// <summary>
/// The candidates of one option (a numeric or enum property of <see cref="Runs.RunConfig"/>): a list of
/// values (written as text, e.g. "3e-4" or "Cosine"), or for random search a range [Min, Max],
/// drawn uniformly or, with <see cref="LogScale"/>, log-uniformly; integer options draw integers.
/// </summary>
public sealed record SweepOption
{
    public IReadOnlyList<string>? Values { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public bool LogScale { get; init; }
}

/// <summary>What a sweep varies over its base config, and how.</summary>
public sealed record SweepSpec(SweepStrategy Strategy, IReadOnlyDictionary<string, SweepOption> Options, int Count = 0, int Seed = 0);
