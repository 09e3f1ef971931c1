using Platform.Domain.Runs;

namespace Platform.Cli.Results;

/// <summary>
/// One run of a study: the method on a dataset with a seed, its learning rate, and what it measured once done;
/// a named <see cref="Variant"/> changes the method's default options.
/// </summary>
internal sealed record StudyRun(string Dataset, RunMethod Method, int Seed, double LearningRate, MethodOptions Options, string? Variant = null)
{
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public string? Failure { get; init; }

    public Guid RunId { get; init; }
}
