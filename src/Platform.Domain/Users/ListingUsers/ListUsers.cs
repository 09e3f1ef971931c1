using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.ListingUsers;

public sealed record ListUsers : IRequest<Result<IReadOnlyList<UserAccount>>>;

public sealed class ListUsersHandler(IQuerySession session) : IRequestHandler<ListUsers, Result<IReadOnlyList<UserAccount>>>
{
    public async Task<Result<IReadOnlyList<UserAccount>>> Handle(ListUsers query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<UserAccount>>.Success(await session.Query<UserAccount>().OrderBy(u => u.Name).ToListAsync(cancellationToken));
}
