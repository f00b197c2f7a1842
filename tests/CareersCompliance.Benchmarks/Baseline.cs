using System.Text.Json;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.Benchmarks;

/// <summary>Bare PostgreSQL baselines into a table of the same shape (columns and indexes) as the event table (Marten's es.mt_events with the ledger's columns).</summary>
public static class Baseline
{
    public const string CreateSql = """
        CREATE SCHEMA bench;
        CREATE TABLE bench.events (LIKE es.mt_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
        """;

    private const string InsertSql = """
        INSERT INTO bench.events (trust_id, stream_id, stream_type, version, id, type, schema_ver, data, headers)
        SELECT 'trust-bench', $1, 'activity', u.v, u.id, 'activity_recorded', 1, u.d, u.m
        FROM unnest($2::bigint[], $3::uuid[], $4::jsonb[], $5::jsonb[]) AS u(v, id, d, m)
        """;

    public static async Task InsertAsync(NpgsqlDataSource dataSource, Guid stream, long firstVersion, IReadOnlyList<NewEvent> events,
        CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select((_, i) => firstVersion + i)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.EventId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => Json(e.Data))], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => Json(e.Metadata))], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task CopyAsync(NpgsqlDataSource dataSource, IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY bench.events (trust_id, stream_id, stream_type, version, id, type, schema_ver, data, headers) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var append in appends)
        {
            long version = 0;
            foreach (var e in append.Events)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync("trust-bench", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(append.Stream.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(append.Stream.Type, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(++version, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync("activity_recorded", NpgsqlDbType.Text, ct);
                await writer.WriteAsync((short)1, NpgsqlDbType.Smallint, ct);
                await writer.WriteAsync(Json(e.Data), NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync(Json(e.Metadata), NpgsqlDbType.Jsonb, ct);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), EventJson.Options);
}
