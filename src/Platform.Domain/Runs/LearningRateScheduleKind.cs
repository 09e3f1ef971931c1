namespace Platform.Domain.Runs;

/// <summary>The learning-rate shape after the linear warm-up.</summary>
public enum LearningRateScheduleKind
{
    Cosine,
    Linear,
    Constant,

    /// <summary>Triangular cycles between a tenth of the peak and the peak (Smith's cyclical learning rates).</summary>
    Cyclic,
}
