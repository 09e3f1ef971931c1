namespace Platform.Domain.Preferences;

/// <summary>
/// What a comparison command decided: the event to append, or none when the command had already taken
/// effect (a resubmission), and the id the caller gets back either way.
/// </summary>
public sealed record ComparisonDecision(Guid ResultId, object? Event)
{
    public static ComparisonDecision Append(Guid resultId, object @event) => new(resultId, @event);

    public static ComparisonDecision AlreadyDone(Guid resultId) => new(resultId, null);
}
