namespace Platform.Domain.Users;

/// <summary>Who a password or token identifies, with their role now (a role change takes effect at the next request).</summary>
public sealed record SignedInUser(string Name, Role Role, bool MustChangePassword = false);
