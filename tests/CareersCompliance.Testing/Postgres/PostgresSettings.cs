using CareersCompliance.EventStore.Hosting;

namespace CareersCompliance.Testing.Postgres;

/// <summary>
/// Where the integration tests find PostgreSQL: CAREERS_TEST_DB when set (an existing server, no Docker), else one
/// container per test process from the image CAREERS_PG_IMAGE names (built by <c>ops/postgres/image</c>).
/// </summary>
public static class PostgresSettings
{
    /// <summary>The environment variable naming the PostgreSQL image the tests start (<c>ops/test</c> exports it).</summary>
    public const string ImageVariable = "CAREERS_PG_IMAGE";

    private static readonly Lock Gate = new();
    private static Task<string>? _resolved;

    /// <summary>The owner (superuser or database owner) connection string of the base test database.</summary>
    /// <returns>The connection string.</returns>
    public static Task<string> BaseConnectionStringAsync()
    {
        // Why the task is kept, failed or not: one container start per process; a start that failed is reported to
        // every test class instead of being tried again by each.
        lock (Gate)
        {
            return _resolved ??= ResolveAsync();
        }
    }

    private static async Task<string> ResolveAsync()
    {
        var existing = Environment.GetEnvironmentVariable(DatabaseLocator.TestVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            return ConnectionStringSetting.Check(existing, DatabaseLocator.TestVariable);
        }

        var image = Environment.GetEnvironmentVariable(ImageVariable);
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the integration tests: set {ImageVariable} to the image ops/postgres/image builds " +
                $"(export {ImageVariable}=\"$(ops/postgres/image)\"), or {DatabaseLocator.TestVariable} to the Npgsql " +
                "connection string of an existing server (e.g. the private cluster's: ops/postgres/start.sh --connection-string careers_tests).");
        }

        return await TestDatabaseContainer.StartAsync(image.Trim(), CancellationToken.None);
    }
}
