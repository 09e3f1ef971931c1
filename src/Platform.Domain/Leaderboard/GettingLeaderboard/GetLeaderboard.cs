using System.Linq.Expressions;
using FluentValidation;
using Marten;
using Marten.Linq;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Experiments;

namespace Platform.Domain.Leaderboard.GettingLeaderboard;

/// <summary>
/// The board of a task on an evaluation suite for one metric: filtered, sorted and paged in SQL.
/// <paramref name="Descending"/> applies to the non-<see cref="LeaderboardSort.Best"/> sorts.
/// </summary>
public sealed record GetLeaderboard(
    string Task,
    string Suite,
    string Metric,
    LeaderboardFilter? Filter = null,
    LeaderboardSort Sort = LeaderboardSort.Best,
    bool Descending = false,
    int Skip = 0,
    int Take = 50) : IRequest<Result<LeaderboardPage>>;

public sealed class GetLeaderboardValidator : AbstractValidator<GetLeaderboard>
{
    public GetLeaderboardValidator()
    {
        RuleFor(q => q.Task).NotNull();
        RuleFor(q => q.Suite).NotEmpty();
        RuleFor(q => q.Metric).NotEmpty();
        RuleFor(q => q.Sort).IsInEnum();
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, 500);
    }
}

public sealed class GetLeaderboardHandler(IQuerySession session) : IRequestHandler<GetLeaderboard, Result<LeaderboardPage>>
{
    public async Task<Result<LeaderboardPage>> Handle(GetLeaderboard query, CancellationToken cancellationToken)
    {
        var board = Filtered(session.Query<LeaderboardEntry>(), query);
        var sorted = query.Sort switch
        {
            LeaderboardSort.Best => await BestFirstAsync(board, query, cancellationToken),
            LeaderboardSort.WallTime => Order(board, e => e.WallTimeSeconds, query.Descending),
            LeaderboardSort.Cost => Order(board, e => e.Cost, query.Descending),
            LeaderboardSort.TrainableParameterShare => Order(board, e => e.TrainableParameterShare, query.Descending),
            _ => Order(board, e => e.QueuedAt, !query.Descending),
        };
        var entries = await sorted.ThenBy(e => e.RunId).Stats(out var statistics).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return new LeaderboardPage(entries, statistics.TotalResults);
    }

    private static IQueryable<LeaderboardEntry> Filtered(IQueryable<LeaderboardEntry> entries, GetLeaderboard query)
    {
        entries = entries.Where(e => e.Task == query.Task && e.Suite == query.Suite && e.Metric == query.Metric);
        if (query.Filter is not { } filter)
        {
            return entries;
        }

        if (filter.Split is { } split)
        {
            entries = entries.Where(e => e.Split == split);
        }

        if (filter.Method is { } method)
        {
            entries = entries.Where(e => e.Method == method);
        }

        if (filter.ExperimentId is { } experimentId)
        {
            entries = entries.Where(e => e.ExperimentId == experimentId);
        }

        if (filter.MaxTrainableParameterShare is { } share)
        {
            entries = entries.Where(e => e.TrainableParameterShare <= share);
        }

        if (filter.MaxWallTimeSeconds is { } wallTime)
        {
            entries = entries.Where(e => e.WallTimeSeconds <= wallTime);
        }

        return entries;
    }

    /// <summary>Best first in the metric's direction, as the rows record it (an experiment may define it).</summary>
    private static async Task<IOrderedQueryable<LeaderboardEntry>> BestFirstAsync(IQueryable<LeaderboardEntry> board, GetLeaderboard query, CancellationToken cancellationToken)
    {
        var direction = (await board.Select(e => e.Direction).Take(1).ToListAsync(cancellationToken)).FirstOrDefault(Objective.Conventional(query.Metric).Direction);
        return Order(board, e => e.Value, direction == OptimisationDirection.Maximise);
    }

    private static IOrderedQueryable<LeaderboardEntry> Order<TKey>(IQueryable<LeaderboardEntry> board, Expression<Func<LeaderboardEntry, TKey>> key, bool descending) =>
        descending ? board.OrderByDescending(key) : board.OrderBy(key);
}
