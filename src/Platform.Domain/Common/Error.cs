namespace Platform.Domain.Common;

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,

    /// <summary>The caller could not be identified: a wrong password, an unknown, expired or revoked token.</summary>
    Unauthenticated,
}

/// <summary>A failure a client can act on: what went wrong, and for validation, which field.</summary>
public sealed record Error(ErrorKind Kind, string Message, string? Field = null)
{
    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);

    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static Error Unauthenticated(string message) => new(ErrorKind.Unauthenticated, message);
}
