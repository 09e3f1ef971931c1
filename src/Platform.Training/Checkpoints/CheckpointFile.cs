using System.Security.Cryptography;

namespace Platform.Training.Checkpoints;

public sealed record CheckpointFile(long Step, string Path, string Sha256, long SizeBytes)
{
    /// <summary>Describes a written weights file by its SHA-256 and size.</summary>
    public static CheckpointFile Describe(long step, string path)
    {
        using var file = File.OpenRead(path);
        return new CheckpointFile(step, path, Convert.ToHexStringLower(SHA256.HashData(file)), file.Length);
    }
}
