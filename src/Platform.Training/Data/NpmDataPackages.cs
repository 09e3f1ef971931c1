namespace Platform.Training.Data;

/// <summary>
/// Where corpora installed from the npm registry live: PLATFORM_NPM_MODULES (set by ./platform), else
/// the clone's .data/npm/node_modules above the running program.
/// </summary>
public static class NpmDataPackages
{
    public const string Variable = "PLATFORM_NPM_MODULES";

    public static string Directory(string package)
    {
        var modules = Environment.GetEnvironmentVariable(Variable) ?? FindCloneModules()
            ?? throw new DirectoryNotFoundException($"No npm data packages found: set {Variable} or run ./platform, which installs them into .data/npm.");
        return Path.Combine(modules, package);
    }

    private static string? FindCloneModules()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".data", "npm", "node_modules");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
