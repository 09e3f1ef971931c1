using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Common;

/// <summary>
/// The PostgreSQL advisory lock id that elects the async daemon's leader. Advisory locks belong to
/// the database, not the schema, so stores in different schemas of one database (two platforms, or
/// the tests' schema per class) need different ids, or only one of them would ever apply its async
/// projections. Derived with SHA-256 because string.GetHashCode differs from process to process,
/// and every host of one store must compete for the same lock.
/// </summary>
public static class DaemonLock
{
    public static int ForSchema(string schema) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"platform-daemon:{schema}")), 0) & int.MaxValue;
}
