using System.Reflection;
using Npgsql;

namespace CareersCompliance.EventStore.Schema;

/// <summary>Applies the numbered, forward-only SQL migrations embedded from <c>ops/db/migrations</c>.</summary>
public static class Migrator
{
    // Why: advisory locks are per database, so concurrent migrators of one database serialise here.
    private const long MigrationLockKey = 7220000;
    private const string ResourcePrefix = "CareersCompliance.EventStore.Migrations.";

    /// <summary>The embedded migrations in order: (name, sql).</summary>
    /// <returns>The migrations.</returns>
    public static IReadOnlyList<(string Name, string Sql)> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..], Read(assembly, n)))];
    }

    /// <summary>Applies every migration not yet recorded in <c>es.schema_migrations</c>, each in its own transaction.</summary>
    /// <param name="ownerConnectionString">A connection string for the owner role.</param>
    /// <param name="ct">Cancels between statements.</param>
    /// <returns>The names of the migrations applied by this call.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string ownerConnectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(ownerConnectionString);
        await using var connectionScope = connection.ConfigureAwait(false);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE SCHEMA IF NOT EXISTS es;
                CREATE TABLE IF NOT EXISTS es.schema_migrations (
                    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                """, ct).ConfigureAwait(false);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            var command = new NpgsqlCommand("SELECT name FROM es.schema_migrations", connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var done = new List<string>();
            foreach (var (name, sql) in Embedded().Where(m => !applied.Contains(m.Name)))
            {
                var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using var txScope = tx.ConfigureAwait(false);
                try
                {
                    await ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"Migration {name} failed: {e.MessageText}", e);
                }

                var record = new NpgsqlCommand("INSERT INTO es.schema_migrations (name) VALUES ($1)", connection);
                await using (record.ConfigureAwait(false))
                {
                    record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                    await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
                done.Add(name);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded migration {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
