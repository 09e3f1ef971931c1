using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Runs.LoggingMetrics;

public sealed record MetricsLogged(Guid RunId, IReadOnlyList<MetricPoint> Points);

/// <summary>Appends a batch of metric points: one event per batch keeps ingest cheap at high step rates.</summary>
public sealed record LogMetrics(Guid RunId, IReadOnlyList<MetricPoint> Points) : IRequest<Result<long>>;

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
        var error = await session.AppendToRunningRunAsync(command.RunId, new MetricsLogged(command.RunId, command.Points), cancellationToken);
        return error is null ? command.Points[^1].Step : error;
    }
}
