namespace Platform.Domain.Common;

/// <summary>A command a client may send again after a timeout; the same client command id gives the same result once.</summary>
public interface IRetryableCommand
{
    /// <summary>Chosen by the client (a fresh GUID per intended action); null when the client does not retry.</summary>
    Guid? ClientCommandId { get; }
}
