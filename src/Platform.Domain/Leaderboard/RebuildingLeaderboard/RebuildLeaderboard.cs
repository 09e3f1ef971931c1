using Marten;
using Marten.Events;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Runs;
using Platform.Domain.Runs.RecordingEvaluation;

namespace Platform.Domain.Leaderboard.RebuildingLeaderboard;

/// <summary>
/// Recomputes every leaderboard row from the events: each evaluated run folded again and turned into rows by
/// <see cref="LeaderboardEntries.From"/>. Needed because Marten's projection rebuilds do not raise side effects,
/// and the rows are a side effect of the run projection. An operator's action; returns the number of rows.
/// </summary>
public sealed record RebuildLeaderboard : IRequest<Result<int>>;

public sealed class RebuildLeaderboardHandler(IDocumentSession session) : IRequestHandler<RebuildLeaderboard, Result<int>>
{
    private const int RunsPerUnit = 500;

    public async Task<Result<int>> Handle(RebuildLeaderboard command, CancellationToken cancellationToken)
    {
        var runIds = (await session.Events.QueryAllRawEvents()
                .Where(e => e.EventTypesAre(typeof(EvaluationRecorded)))
                .Select(e => e.StreamId)
                .ToListAsync(cancellationToken))
            .Distinct()
            .ToList();
        session.DeleteWhere<LeaderboardEntry>(_ => true);
        var rows = 0;
        foreach (var unit in runIds.Chunk(RunsPerUnit))
        {
            foreach (var runId in unit)
            {
                if (await session.Events.AggregateStreamAsync<RunSummary>(runId, token: cancellationToken) is { } run)
                {
                    var entries = LeaderboardEntries.From(run).ToArray();
                    session.Store(entries);
                    rows += entries.Length;
                }
            }

            await session.SaveChangesAsync(cancellationToken);
        }

        await session.SaveChangesAsync(cancellationToken);
        return rows;
    }
}
