using Npgsql;

namespace CareersCompliance.EventStore.Internal;

/// <summary>Reads sealed events in ledger position order, optionally only some stored types.</summary>
internal static class LedgerReader
{
    public static async Task<List<StoredEvent>> ReadAsync(NpgsqlDataSource dataSource, long afterPosition, int maxCount,
        IReadOnlyCollection<string>? eventTypes, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await ReadAsync(connection, null, afterPosition, maxCount, eventTypes, ct).ConfigureAwait(false);
    }

    public static async Task<List<StoredEvent>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long afterPosition,
        int maxCount, IReadOnlyCollection<string>? eventTypes, CancellationToken ct)
    {
        var filter = eventTypes is null ? "" : "AND l.event_type = ANY($3)";
        var command = new NpgsqlCommand($"""
            SELECT l.position, {StoredEvent.Columns}
            FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id
            WHERE l.position > $1 {filter}
            ORDER BY l.position
            LIMIT $2
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterPosition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        if (eventTypes is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. eventTypes] });
        }

        var rows = new List<StoredEvent>(Math.Min(maxCount, 10_000));
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(StoredEvent.Read(reader, reader.GetInt64(0), 1));
        }

        return rows;
    }
}
