namespace Platform.Domain.Datasets.Blobs;

/// <summary>Content-addressed storage: a blob's location follows from its SHA-256, so storing the same bytes twice stores them once.</summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes whose SHA-256 (lowercase hex) is <paramref name="sha256"/>; returns the location events record.</summary>
    Task<string> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <exception cref="FileNotFoundException">No blob at this location.</exception>
    Stream OpenRead(string location);
}
