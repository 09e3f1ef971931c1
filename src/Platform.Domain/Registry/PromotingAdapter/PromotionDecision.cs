using Platform.Domain.Common;

namespace Platform.Domain.Registry.PromotingAdapter;

/// <summary>The promotion rules as a pure function: the alias, the adapter and its evidence in, an event or the reasons out.</summary>
public static class PromotionDecision
{
    public static Result<AdapterPromoted> Decide(
        AliasState? alias,
        long aliasVersion,
        AdapterSummary adapter,
        PromotionEvidence evidence,
        PromoteAdapter command,
        DateTimeOffset now)
    {
        if (command.ExpectedAliasVersion is { } expected && expected != aliasVersion)
        {
            return Error.Conflict($"Alias {command.Alias} is at version {aliasVersion}, not {expected}; reload it and decide again.");
        }

        if (adapter.Archived)
        {
            return Error.Conflict($"Adapter {adapter.Name} is archived and cannot be promoted.");
        }

        if (adapter.BaseModel != command.Alias.BaseModel || adapter.Task != command.Alias.Task)
        {
            return new Error(
                ErrorKind.Validation,
                $"Adapter {adapter.Name} is for {adapter.BaseModel}/{adapter.Task}; alias {command.Alias} is for {command.Alias.BaseModel}/{command.Alias.Task}.",
                nameof(PromoteAdapter.AdapterId));
        }

        if (alias?.CurrentAdapterId == adapter.Id)
        {
            return Error.Conflict($"Adapter {adapter.Name} already holds {command.Alias}.");
        }

        var results = Evaluate(alias?.Gates ?? PromotionGates.None, evidence);
        var failed = results.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
        {
            return Result<AdapterPromoted>.Fail(failed.Select(r => new Error(ErrorKind.Validation, Describe(r), "Gates")).ToList());
        }

        return new AdapterPromoted(
            command.Alias.ToStreamId(), command.Alias, adapter.Id, alias?.CurrentAdapterId, command.Reason, results, command.Actor, now);
    }

    /// <summary>Every gate's result, passed or not, in the order the gates are configured.</summary>
    public static IReadOnlyList<GateResult> Evaluate(PromotionGates gates, PromotionEvidence evidence)
    {
        var results = new List<GateResult>();
        foreach (var gate in gates.Metrics)
        {
            var comparison = gate.Direction == MetricDirection.HigherIsBetter ? GateComparison.AtLeast : GateComparison.AtMost;
            var found = evidence.Metrics.GetValueOrDefault(gate.Metric);
            results.Add(Check($"metric {gate.Metric}", comparison, gate.Threshold, found?.Value, found?.Source));
        }

        if (gates.MinimumHumanWinRate is { } minimumWinRate)
        {
            results.Add(Check("human win-rate", GateComparison.AtLeast, minimumWinRate, evidence.HumanWinRate?.Value, evidence.HumanWinRate?.Source));
        }

        foreach (var gate in gates.Retention)
        {
            var found = evidence.Retention.GetValueOrDefault(gate.Metric);
            results.Add(Check($"retention {gate.Metric}", GateComparison.AtMost, gate.MaximumRegressionPercent, found is null ? null : RegressionPercent(found, gate.Direction), found?.Source));
        }

        return results;
    }

    /// <summary>How much worse than the base model, in percent of the base model's value; negative when better.</summary>
    public static double RegressionPercent(RetentionEvidence evidence, MetricDirection direction)
    {
        var worsening = direction == MetricDirection.LowerIsBetter
            ? evidence.AdapterValue - evidence.BaselineValue
            : evidence.BaselineValue - evidence.AdapterValue;
        return 100 * worsening / Math.Abs(evidence.BaselineValue);
    }

    private static GateResult Check(string gate, GateComparison comparison, double required, double? actual, string? source)
    {
        var passed = actual is { } value && double.IsFinite(value) && (comparison == GateComparison.AtLeast ? value >= required : value <= required);
        return new GateResult(gate, comparison, required, actual, passed, source);
    }

    private static string Describe(GateResult result)
    {
        var requirement = $"{(result.Comparison == GateComparison.AtLeast ? "≥" : "≤")} {result.Required:G6}";
        return result.Actual is { } actual
            ? $"Gate '{result.Gate}' failed: needs {requirement}, has {actual:G6} ({result.Source})."
            : $"Gate '{result.Gate}' failed: needs {requirement}, and there is no evidence for it.";
    }
}
