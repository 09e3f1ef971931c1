using Marten;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Platform.Domain.Common;

namespace Platform.Domain.Users.EnsuringAdmin;

/// <summary>The admin account a start created or gave a new one-time password, for the log; null when an admin can already sign in.</summary>
public sealed record IssuedAdminPassword(string Name, string OneTimePassword);

/// <summary>
/// Makes sure someone can sign in as an admin: when no admin has a password (the first start, or a
/// database from before sign-in existed), the first admin (or a new <see cref="DefaultName"/>) gets a
/// one-time password. Only the platform itself sends it, at start-up.
/// </summary>
public sealed record EnsureAdminAccount : IRequest<Result<IssuedAdminPassword?>>, IAuthorizedRequest
{
    public const string DefaultName = "admin";

    public string Actor => SystemActor.Name;

    public Permission RequiredPermission => Permission.ManageUsers;
}

public sealed class EnsureAdminAccountHandler(IDocumentSession session, IPasswordHasher<UserAccount> hasher, TimeProvider clock)
    : IRequestHandler<EnsureAdminAccount, Result<IssuedAdminPassword?>>
{
    public async Task<Result<IssuedAdminPassword?>> Handle(EnsureAdminAccount command, CancellationToken cancellationToken)
    {
        var admins = await session.Query<UserAccount>().Where(u => u.Role == Role.Admin).OrderBy(u => u.RegisteredAt).ToListAsync(cancellationToken);
        var ids = admins.Select(a => a.Id).ToArray();
        var withPassword = await session.Query<UserCredential>().Where(c => c.PasswordHash != null && ids.Contains(c.Id)).AnyAsync(cancellationToken);
        if (withPassword)
        {
            return Result<IssuedAdminPassword?>.Success(null);
        }

        var now = clock.GetUtcNow();
        var admin = admins.FirstOrDefault();
        if (admin is null)
        {
            var id = UserAccount.IdFor(EnsureAdminAccount.DefaultName);
            admin = new UserAccount { Id = id, Name = EnsureAdminAccount.DefaultName, Role = Role.Admin, RegisteredAt = now };
            session.Events.StartStream<UserAccount>(id, new RegisteringUser.UserRegistered(id, admin.Name, Role.Admin, SystemActor.Name, now));
        }

        var password = Passwords.OneTime();
        session.Events.Append(admin.Id, new PasswordSet(admin.Id, hasher.HashPassword(admin, password), IsOneTime: true, SystemActor.Name, now));
        return await session.TrySaveChangesAsync("Another process set up the admin account at the same time; its log has the password.", cancellationToken) is { } conflict
            ? conflict
            : new IssuedAdminPassword(admin.Name, password);
    }
}
