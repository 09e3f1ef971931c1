using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Users;

/// <summary>
/// A personal access token as stored: its SHA-256 hash, never the token (a token is 256 random bits,
/// so a fast hash is as safe as a slow one and lets a request be checked in one indexed lookup).
/// </summary>
public sealed record AccessToken
{
    public const string Prefix = "plat_";

    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string UserName { get; init; }

    /// <summary>What its owner calls it ("nightly sweep script").</summary>
    public required string Name { get; init; }

    public required string Hash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>A new token: the prefix makes it recognisable (secret scanners, logs), the rest is random.</summary>
    public static string NewSecret() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
