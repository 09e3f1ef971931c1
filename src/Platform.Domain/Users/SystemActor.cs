namespace Platform.Domain.Users;

/// <summary>
/// The platform's own processes (start-up registrations, training workers). They act under this name,
/// recorded in their events like anyone's, and hold every permission without a user record.
/// </summary>
public static class SystemActor
{
    public const string Name = "platform";
}
