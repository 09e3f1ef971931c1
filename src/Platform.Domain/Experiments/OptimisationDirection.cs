namespace Platform.Domain.Experiments;

/// <summary>Whether a larger or a smaller value of a metric is better.</summary>
public enum OptimisationDirection
{
    Maximise,
    Minimise,
}
