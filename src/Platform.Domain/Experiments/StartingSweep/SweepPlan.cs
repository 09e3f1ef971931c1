using System.Globalization;
using System.Reflection;
using Platform.Domain.Common;
using Platform.Domain.Runs;

namespace Platform.Domain.Experiments.StartingSweep;

/// <summary>One config a sweep generates, and the option values that distinguish it from the base config.</summary>
public sealed record SweptRun(RunConfig Config, IReadOnlyDictionary<string, string> Assignment);

/// <summary>Expands a sweep spec over a base config into run configs: a pure function, so the validator and the handler agree.</summary>
public static class SweepPlan
{
    public const int MaxRuns = 500;

    /// <summary>The options a sweep may vary: RunConfig's numeric and enum properties.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Options { get; } = typeof(RunConfig)
        .GetProperties()
        .Where(p => p.CanWrite && (p.PropertyType == typeof(int) || p.PropertyType == typeof(double) || p.PropertyType.IsEnum))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static Result<IReadOnlyList<SweptRun>> Expand(RunConfig baseConfig, SweepSpec spec)
    {
        var errors = new List<Error>();
        var candidates = new List<(PropertyInfo Property, SweepOption Option)>();
        foreach (var (name, option) in spec.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!Options.TryGetValue(name, out var property))
            {
                errors.Add(Invalid(name, $"'{name}' cannot be swept. Options: {string.Join(", ", Options.Values.Select(p => p.Name))}."));
                continue;
            }

            errors.AddRange(CheckOption(property, option, spec.Strategy));
            candidates.Add((property, option));
        }

        if (candidates.Count == 0 && errors.Count == 0)
        {
            errors.Add(new Error(ErrorKind.Validation, "A sweep varies at least one option.", "Spec.Options"));
        }

        var count = spec.Strategy == SweepStrategy.Grid
            ? candidates.Aggregate(1L, (product, c) => product * Math.Max(1, c.Option.Values?.Count ?? 0))
            : spec.Count;
        if (count is < 1 or > MaxRuns)
        {
            errors.Add(new Error(ErrorKind.Validation, $"A sweep queues between 1 and {MaxRuns} runs; this one would queue {count}.", "Spec.Count"));
        }

        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<SweptRun>>.Fail(errors);
        }

        var assignments = spec.Strategy == SweepStrategy.Grid ? GridOf(candidates) : RandomOf(candidates, spec.Count, spec.Seed);
        return assignments.Select((assignment, index) => Configure(baseConfig, assignment, index)).ToList();
    }

    private static IEnumerable<Error> CheckOption(PropertyInfo property, SweepOption option, SweepStrategy strategy)
    {
        if (option.Values is { Count: > 0 } values)
        {
            foreach (var value in values.Where(v => Parse(property, v) is null))
            {
                yield return Invalid(property.Name, $"'{value}' is not a valid {property.Name} ({Describe(property)}).");
            }
        }
        else if (strategy == SweepStrategy.Grid)
        {
            yield return Invalid(property.Name, "A grid sweep lists the values of each option.");
        }
        else if (property.PropertyType.IsEnum || option.Min is not { } min || option.Max is not { } max || !double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            yield return Invalid(property.Name, "A random sweep draws from a list of values, or for a number from a finite range with Min ≤ Max.");
        }
        else if (option.LogScale && min <= 0)
        {
            yield return Invalid(property.Name, "A log-scale range needs Min > 0.");
        }
        else if (property.PropertyType == typeof(int) && (min != Math.Floor(min) || max != Math.Floor(max)))
        {
            yield return Invalid(property.Name, "An integer option's range has integer bounds.");
        }
    }

    private static IEnumerable<IReadOnlyList<(PropertyInfo Property, object Value)>> GridOf(List<(PropertyInfo Property, SweepOption Option)> candidates)
    {
        IEnumerable<IReadOnlyList<(PropertyInfo, object)>> combinations = [[]];
        foreach (var (property, option) in candidates)
        {
            var values = option.Values!.Select(v => Parse(property, v)!).ToList();
            combinations = combinations.SelectMany(prefix => values.Select(value => (IReadOnlyList<(PropertyInfo, object)>)[.. prefix, (property, value)])).ToList();
        }

        return combinations;
    }

    private static IEnumerable<IReadOnlyList<(PropertyInfo Property, object Value)>> RandomOf(List<(PropertyInfo Property, SweepOption Option)> candidates, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return candidates.Select(c => (c.Property, Draw(c.Property, c.Option, random))).ToList();
        }
    }

    private static object Draw(PropertyInfo property, SweepOption option, Random random)
    {
        if (option.Values is { Count: > 0 } values)
        {
            return Parse(property, values[random.Next(values.Count)])!;
        }

        var (min, max) = (option.Min!.Value, option.Max!.Value);
        if (property.PropertyType == typeof(int))
        {
            return option.LogScale
                ? (int)Math.Round(Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min)))))
                : (int)min + random.Next((int)(max - min) + 1);
        }

        return option.LogScale
            ? Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min))))
            : min + (random.NextDouble() * (max - min));
    }

    private static SweptRun Configure(RunConfig baseConfig, IReadOnlyList<(PropertyInfo Property, object Value)> assignment, int index)
    {
        var described = assignment.ToDictionary(a => a.Property.Name, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture)!);
        var name = $"{baseConfig.Name} #{index + 1} {string.Join(" ", described.Select(a => $"{a.Key}={a.Value}"))}";
        // A record copy with init-only setters: setting them by reflection on the fresh copy leaves the base config untouched.
        var config = baseConfig with { Name = name.Length <= 200 ? name : name[..200] };
        foreach (var (property, value) in assignment)
        {
            property.SetValue(config, value);
        }

        return new SweptRun(config, described);
    }

    private static object? Parse(PropertyInfo property, string text)
    {
        var type = property.PropertyType;
        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value!) && !int.TryParse(text, out _) ? value : null;
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? integer : null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
    }

    private static string Describe(PropertyInfo property) =>
        property.PropertyType.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(property.PropertyType))}" : property.PropertyType == typeof(int) ? "an integer" : "a number";

    private static Error Invalid(string option, string message) => new(ErrorKind.Validation, message, $"Spec.Options[{option}]");
}
