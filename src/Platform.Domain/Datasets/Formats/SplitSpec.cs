namespace Platform.Domain.Datasets.Formats;

/// <summary>
/// How a version's records divide into train, validation and test: seeded random fractions, or, when
/// <see cref="Column"/> is set, the value (train, validation or test) each record carries in that field.
/// </summary>
public sealed record SplitSpec(double ValidationFraction = 0.1, double TestFraction = 0.1, int Seed = 42, string? Column = null)
{
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";

    public static IReadOnlyList<string> Names { get; } = [Train, Validation, Test];
}
