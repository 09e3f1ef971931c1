namespace Platform.Testing;

public static class TestEnvironment
{
    /// <summary>The PostgreSQL server tests use; <c>./platform test</c> starts one and sets this variable.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("PLATFORM_TEST_CONNECTION")
        ?? throw new InvalidOperationException(
            "PLATFORM_TEST_CONNECTION is not set. Run the tests with ./platform test, which starts the test database, " +
            "or set it to a PostgreSQL connection string whose user may create schemas and databases.");

    /// <summary>The clone the tests run from: the folder holding Platform.sln above the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
        }
    }
}
