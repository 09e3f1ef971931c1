namespace Platform.Domain.Users;

/// <summary>What a user may do on the platform; <see cref="Permissions"/> maps each role to its permissions.</summary>
public enum Role
{
    Viewer,
    Annotator,
    Researcher,
    Admin,
}
