using CareersCompliance.EventStore.Schema;
using Npgsql;

namespace CareersCompliance.Benchmarks;

public static class Setup
{
    public static async Task<string> CreateBenchDatabaseAsync(string adminCs, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminCs) { Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, "DROP DATABASE IF EXISTS careers_bench WITH (FORCE)", ct);
        await ExecuteAsync(admin, "CREATE DATABASE careers_bench", ct);
        var bench = new NpgsqlConnectionStringBuilder(adminCs) { Database = "careers_bench", MaxPoolSize = 40 }.ConnectionString;
        await Migrator.MigrateAsync(bench, ct);
        await ExecuteAsync(bench, Baseline.CreateSql + TotalsProjection.CreateSql, ct);
        return bench;
    }

    private static async Task ExecuteAsync(string cs, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
