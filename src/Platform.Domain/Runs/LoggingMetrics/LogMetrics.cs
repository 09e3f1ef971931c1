using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.LoggingMetrics;

public sealed record MetricsLogged(Guid RunId, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// Appends a batch of metric points: one event per batch keeps ingest cheap at high step rates. Points at
/// steps the run already logged are dropped, so a retried batch, or a resumed run repeating the steps
/// after its checkpoint, never duplicates a step.
/// </summary>
public sealed record LogMetrics(Guid RunId, IReadOnlyList<MetricPoint> Points) : IRequest<Result<long>>
{
    /// <summary>The decision: what to append to <paramref name="run"/> for these points, or why not.</summary>
    public static Result<IReadOnlyList<object>> Decide(RunSummary run, IReadOnlyList<MetricPoint> points)
    {
        if (run.Require(RunStatus.Running) is { } notRunning)
        {
            return notRunning;
        }

        var fresh = points.Where(p => run.LastStep is not { } last || p.Step > last).ToList();
        return fresh.Count == 0 ? Result<IReadOnlyList<object>>.Success([]) : Result<IReadOnlyList<object>>.Success([new MetricsLogged(run.Id, fresh)]);
    }
}

public sealed class LogMetricsValidator : AbstractValidator<LogMetrics>
{
    public LogMetricsValidator()
    {
        RuleFor(c => c.Points).NotEmpty();
        RuleForEach(c => c.Points).ChildRules(point =>
        {
            point.RuleFor(p => p.Step).GreaterThanOrEqualTo(0);
            point.RuleFor(p => p.Values).NotEmpty();
        });
    }
}

public sealed class LogMetricsHandler(IDocumentSession session) : IRequestHandler<LogMetrics, Result<long>>
{
    public async Task<Result<long>> Handle(LogMetrics command, CancellationToken cancellationToken)
    {
        var error = await session.AppendToRunAsync(command.RunId, run => LogMetrics.Decide(run, command.Points), cancellationToken);
        return error is null ? command.Points[^1].Step : error;
    }
}
