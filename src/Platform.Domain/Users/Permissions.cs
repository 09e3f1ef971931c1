namespace Platform.Domain.Users;

/// <summary>
/// The one table of who may do what. Researchers do not rank: whoever trained a model should not be
/// the one judging its outputs, so human feedback stays independent of the runs it scores. Annotators
/// see only what they rank, so model names and metrics cannot sway them.
/// </summary>
public static class Permissions
{
    public static bool Grants(Role role, Permission permission) => role switch
    {
        Role.Admin => true,
        Role.Researcher => permission is Permission.ViewExperiments or Permission.ManageData or Permission.RunExperiments or Permission.Promote,
        Role.Annotator => permission is Permission.Annotate,
        Role.Viewer => permission is Permission.ViewExperiments,
        _ => false,
    };
}
