using CareersCompliance.EventStore.Hosting;

namespace CareersCompliance.Testing.Postgres;

/// <summary>Where the integration tests find PostgreSQL: CAREERS_TEST_DB, else the private cluster's careers_tests database.</summary>
public static class PostgresSettings
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _resolved;

    /// <summary>The owner (superuser or database owner) connection string of the base test database.</summary>
    /// <returns>The connection string.</returns>
    public static async Task<string> BaseConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _resolved ??= await DatabaseLocator.ResolveAsync(null, DatabaseLocator.TestVariable, "careers_tests", CancellationToken.None);
        }
        finally
        {
            Gate.Release();
        }
    }
}
