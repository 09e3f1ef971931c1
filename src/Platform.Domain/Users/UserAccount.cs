using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Users;

/// <summary>A user and their current role; the stream id follows from the name, so a name is a user.</summary>
public sealed record UserAccount
{
    public Guid Id { get; init; }

    public long Version { get; set; }

    public required string Name { get; init; }

    public Role Role { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public static Guid IdFor(string name) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"user:{name.Trim().ToLowerInvariant()}"))[..16]);
}
