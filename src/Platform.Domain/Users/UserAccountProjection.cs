using Marten.Events.Aggregation;
using Platform.Domain.Users.ChangingRole;
using Platform.Domain.Users.RegisteringUser;

namespace Platform.Domain.Users;

public sealed class UserAccountProjection : SingleStreamProjection<UserAccount, Guid>
{
    public static UserAccount Create(UserRegistered registered) => new()
    {
        Id = registered.UserId,
        Name = registered.Name,
        Role = registered.Role,
        RegisteredAt = registered.RegisteredAt,
    };

    public static UserAccount Apply(UserRoleChanged changed, UserAccount user) => user with { Role = changed.Role };
}
