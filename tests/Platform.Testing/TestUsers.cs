using Platform.Domain.Users;

namespace Platform.Testing;

/// <summary>The users every <see cref="DomainDatabase"/> starts with, one per role.</summary>
public static class TestUsers
{
    public const string Admin = "ada";
    public const string Researcher = "alice";
    public const string Annotator = "annie";
    public const string Viewer = "victor";

    public static IReadOnlyList<(string Name, Role Role)> All { get; } =
    [
        (Admin, Role.Admin),
        (Researcher, Role.Researcher),
        (Annotator, Role.Annotator),
        (Viewer, Role.Viewer),
    ];
}
