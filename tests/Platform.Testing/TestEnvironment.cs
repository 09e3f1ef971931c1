namespace Platform.Testing;

public static class TestEnvironment
{
    /// <summary>The PostgreSQL server tests use; <c>./platform test</c> starts one and sets this variable.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("PLATFORM_TEST_CONNECTION")
        ?? throw new InvalidOperationException(
            "PLATFORM_TEST_CONNECTION is not set. Run the tests with ./platform test, which starts the test database, " +
            "or set it to a PostgreSQL connection string whose user may create schemas and databases.");
}
