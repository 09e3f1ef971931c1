namespace Platform.Domain.Users;

/// <summary>
/// The one table of who may do what. Researchers do not rank: whoever trained a model should not be
/// the one judging its outputs, so human feedback stays independent of the runs it scores.
/// </summary>
public static class Permissions
{
    public static bool Grants(Role role, Permission permission) => role switch
    {
        Role.Admin => true,
        Role.Researcher => permission is Permission.ManageData or Permission.RunExperiments or Permission.Promote,
        Role.Annotator => permission is Permission.Annotate,
        _ => false,
    };
}
