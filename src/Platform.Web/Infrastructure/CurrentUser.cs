namespace Platform.Web.Infrastructure;

/// <summary>
/// Who acts, recorded in every event. The platform has no sign-in yet, so every action is the local
/// operating-system user's; users and roles arrive with the domain's role checks.
/// </summary>
public static class CurrentUser
{
    public static string Name { get; } = string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;
}
