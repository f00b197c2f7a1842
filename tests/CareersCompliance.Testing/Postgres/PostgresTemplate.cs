using System.Security.Cryptography;
using System.Text;
using CareersCompliance.EventStore.Schema;
using Npgsql;

namespace CareersCompliance.Testing.Postgres;

/// <summary>Migrates a template database once (named after the migrations' hash) and clones it per test class.</summary>
public static class PostgresTemplate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _templateName;

    /// <summary>Creates a fresh, migrated database and returns its owner connection string.</summary>
    /// <param name="label">A readable part of the database name (the test class).</param>
    /// <param name="ct">Cancels the work.</param>
    /// <returns>The connection string of the new database.</returns>
    /// <exception cref="InvalidOperationException">When PostgreSQL cannot be reached; tests fail, never skip.</exception>
    public static async Task<string> CreateDatabaseAsync(string label, CancellationToken ct)
    {
        var baseCs = await ConnectAsync(ct);
        var template = await EnsureTemplateAsync(baseCs, ct);
        var name = $"t_{new string([.. label.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20)])}_{Guid.NewGuid():N}";
        await ExecuteAsync(baseCs, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", ct);
        return new NpgsqlConnectionStringBuilder(baseCs) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database created by <see cref="CreateDatabaseAsync"/>.</summary>
    /// <param name="connectionString">Its connection string.</param>
    /// <returns>A task.</returns>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(await PostgresSettings.BaseConnectionStringAsync(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task<string> ConnectAsync(CancellationToken ct)
    {
        // Why outside the try: when nothing is configured or the container does not start, that says itself what to do.
        var cs = await PostgresSettings.BaseConnectionStringAsync();
        try
        {
            await ExecuteAsync(cs, "SELECT 1", ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                "The integration tests' PostgreSQL does not answer (CAREERS_TEST_DB when set, else the container of " +
                "CAREERS_PG_IMAGE). Cause: " + e.Message, e);
        }

        return cs;
    }

    private static async Task<string> EnsureTemplateAsync(string baseCs, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(Migrator.Embedded().Select(m => m.Name + m.Sql))));
            var name = "careers_tmpl_" + Convert.ToHexStringLower(hash)[..16];
            var connection = new NpgsqlConnection(baseCs);
            await using (connection)
            {
                await connection.OpenAsync(ct);
                // Why: several test processes may start together; one builds the template, the others wait.
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(7229999)", connection))
                {
                    await lockCommand.ExecuteNonQueryAsync(ct);
                }

                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
                exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                if (await exists.ExecuteScalarAsync(ct) is null)
                {
                    var building = name + "_wip";
                    await ExecuteAsync(baseCs, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)", ct);
                    await ExecuteAsync(baseCs, $"CREATE DATABASE \"{building}\"", ct);
                    var buildCs = new NpgsqlConnectionStringBuilder(baseCs) { Database = building, Pooling = false }.ConnectionString;
                    await Migrator.MigrateAsync(buildCs, ct);
                    await ExecuteAsync(baseCs, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"", ct);
                }
            }

            _templateName = name;
            return name;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
