namespace Platform.Web.Infrastructure;

/// <summary>
/// Who acts in the browser and, unless a request names another user, over HTTP. The platform has no
/// sign-in yet: the operator who started it (the operating-system user) is registered as an admin
/// at start-up by <see cref="OperatorRegistration"/>.
/// </summary>
public static class CurrentUser
{
    public static string Name { get; } = string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;
}
