namespace Platform.Domain.Datasets.Blobs;

/// <summary>
/// Blobs as files under a root folder, at <c>sha256/ab/cdef…</c> (the first two hex digits as a folder, so
/// no folder grows too large). A blob is written to a temporary file and moved into place, so a reader never
/// sees half a blob, and two writers of the same content both end with the same complete file.
/// </summary>
public sealed class FileSystemBlobStore(string root) : IBlobStore
{
    /// <summary>The default root, relative to the working directory of the process (the clone's root under ./platform).</summary>
    public const string DefaultRoot = ".data/blobs";

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<string> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A blob is named by 64 lowercase hex digits.", nameof(sha256));
        }

        var location = $"sha256/{sha256[..2]}/{sha256[2..]}";
        var path = PathOf(location);
        if (File.Exists(path))
        {
            return location;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return location;
    }

    public Stream OpenRead(string location) => File.OpenRead(PathOf(location));

    private string PathOf(string location)
    {
        var path = Path.GetFullPath(Path.Combine(Root, location));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"Blob location {location} lies outside the store.", nameof(location));
    }
}
