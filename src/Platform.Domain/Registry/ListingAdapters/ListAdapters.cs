using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Registry.ListingAdapters;

/// <summary>An adapter and the aliases it holds now.</summary>
public sealed record AdapterListing(AdapterSummary Adapter, IReadOnlyList<AliasKey> Aliases);

/// <summary>Adapters newest first, optionally only those of one base model and task.</summary>
public sealed record ListAdapters(string? BaseModel = null, string? Task = null, bool IncludeArchived = true, int Limit = 200)
    : IRequest<Result<IReadOnlyList<AdapterListing>>>;

public sealed class ListAdaptersHandler(IQuerySession session) : IRequestHandler<ListAdapters, Result<IReadOnlyList<AdapterListing>>>
{
    public async Task<Result<IReadOnlyList<AdapterListing>>> Handle(ListAdapters query, CancellationToken cancellationToken)
    {
        var adapters = session.Query<AdapterSummary>().AsQueryable();
        if (query.BaseModel is { } baseModel)
        {
            adapters = adapters.Where(a => a.BaseModel == baseModel);
        }

        if (query.Task is { } task)
        {
            adapters = adapters.Where(a => a.Task == task);
        }

        if (!query.IncludeArchived)
        {
            adapters = adapters.Where(a => !a.Archived);
        }

        var page = await adapters.OrderByDescending(a => a.RegisteredAt).Take(query.Limit).ToListAsync(cancellationToken);

        // Aliases are few (a handful per base model and task), so all held ones are read in one query.
        var held = (await session.Query<AliasState>().Where(a => a.CurrentAdapterId != null).ToListAsync(cancellationToken))
            .ToLookup(a => a.CurrentAdapterId!.Value, a => a.Key);
        return page.Select(a => new AdapterListing(a, held[a.Id].ToList())).ToList();
    }
}
