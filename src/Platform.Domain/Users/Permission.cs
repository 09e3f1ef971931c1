namespace Platform.Domain.Users;

/// <summary>An action a command or page needs the right to take.</summary>
public enum Permission
{
    /// <summary>See runs, datasets, base models, experiments and the registry (pages and API reads).</summary>
    ViewExperiments,

    /// <summary>Register users and change roles.</summary>
    ManageUsers,

    /// <summary>Register datasets, dataset versions and base models.</summary>
    ManageData,

    /// <summary>Create experiments, queue, sweep, cancel and resume runs, create comparisons.</summary>
    RunExperiments,

    /// <summary>Rank, skip and flag comparisons.</summary>
    Annotate,

    /// <summary>Register, promote, roll back and archive adapters.</summary>
    Promote,
}
