using JasperFx.Events;
using Marten;
using Marten.Events;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Experiments;
using Platform.Domain.Runs;
using Platform.Domain.Runs.RecordingEvaluation;

namespace Platform.Domain.Leaderboard.GettingLeaderboardAsOf;

/// <summary>
/// Time travel: the board of a task on a suite for one metric as it stood at <paramref name="At"/>, best first,
/// recomputed from the events stored up to then — each run folded by its projection at that time, then turned
/// into rows by the same <see cref="LeaderboardEntries.From"/> the live board uses.
/// </summary>
public sealed record GetLeaderboardAsOf(string Task, string Suite, string Metric, DateTimeOffset At, int Take = 50) : IRequest<Result<IReadOnlyList<LeaderboardEntry>>>;

public sealed class GetLeaderboardAsOfHandler(IQuerySession session) : IRequestHandler<GetLeaderboardAsOf, Result<IReadOnlyList<LeaderboardEntry>>>
{
    public async Task<Result<IReadOnlyList<LeaderboardEntry>>> Handle(GetLeaderboardAsOf query, CancellationToken cancellationToken)
    {
        var evaluations = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(typeof(EvaluationRecorded)) && e.Timestamp <= query.At)
            .ToListAsync(cancellationToken);
        var runIds = evaluations
            .Where(e => e.Data is EvaluationRecorded recorded && recorded.Suite == query.Suite && recorded.Metrics.ContainsKey(query.Metric))
            .Select(e => e.StreamId)
            .Distinct()
            .ToList();

        var entries = new List<LeaderboardEntry>();
        foreach (var runId in runIds)
        {
            if (await session.Events.AggregateStreamAsync<RunSummary>(runId, timestamp: query.At, token: cancellationToken) is { } run)
            {
                entries.AddRange(LeaderboardEntries.From(run).Where(e => e.Task == query.Task && e.Suite == query.Suite && e.Metric == query.Metric));
            }
        }

        var maximise = (entries.FirstOrDefault()?.Direction ?? Objective.Conventional(query.Metric).Direction) == OptimisationDirection.Maximise;
        var ranked = maximise ? entries.OrderByDescending(e => e.Value) : entries.OrderBy(e => e.Value);
        return ranked.ThenBy(e => e.RunId).Take(query.Take).ToList();
    }
}
