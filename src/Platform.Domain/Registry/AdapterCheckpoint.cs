namespace Platform.Domain.Registry;

/// <summary>The checkpoint file an adapter was registered from, as its run recorded it.</summary>
public sealed record AdapterCheckpoint(long Step, string Path, string Sha256, long SizeBytes);
