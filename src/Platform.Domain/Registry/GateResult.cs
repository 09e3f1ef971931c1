namespace Platform.Domain.Registry;

public enum GateComparison
{
    AtLeast,
    AtMost,
}

/// <summary>
/// One gate as evaluated at promotion time, kept in the event for the audit trail: the requirement,
/// the value found (null when there was no evidence, which fails the gate) and where it came from.
/// </summary>
public sealed record GateResult(string Gate, GateComparison Comparison, double Required, double? Actual, bool Passed, string? Source);
