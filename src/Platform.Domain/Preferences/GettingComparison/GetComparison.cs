using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Preferences.GettingComparison;

public sealed record GetComparison(Guid ComparisonId) : IRequest<Result<ComparisonSummary>>;

public sealed class GetComparisonHandler(IQuerySession session) : IRequestHandler<GetComparison, Result<ComparisonSummary>>
{
    public async Task<Result<ComparisonSummary>> Handle(GetComparison query, CancellationToken cancellationToken) =>
        await session.LoadAsync<ComparisonSummary>(query.ComparisonId, cancellationToken) is { } comparison
            ? comparison
            : Error.NotFound($"Comparison {query.ComparisonId} does not exist.");
}
