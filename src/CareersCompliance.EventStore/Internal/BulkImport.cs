using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.EventStore.Internal;

/// <summary>Binary COPY import under its streams' row locks; OCC and event-id idempotency are checked up front.</summary>
internal static class BulkImport
{
    // Why shared: the column list and the row layout must agree; the bulk import and the import session both COPY with them.
    internal const string CopySql =
        "COPY es.mt_events (trust_id, stream_id, stream_type, version, id, type, schema_ver, data, headers, correlation_id, causation_id) " +
        "FROM STDIN (FORMAT BINARY)";

    public static async Task<ImportResult> RunAsync(NpgsqlConnection connection, NpgsqlTransaction tx, EventTypeRegistry registry,
        IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        // Why: the row locks keep other writers of these streams away, so the heads read below stay true.
        await LockStreamsAsync(connection, tx, appends, ct).ConfigureAwait(false);
        var existing = (await ReadGuidPairsAsync(connection, tx,
            "SELECT e.event_id, 0::bigint FROM es.events e JOIN unnest($1::uuid[]) AS u(id) ON e.event_id = u.id",
            [.. appends.SelectMany(a => a.Events.Select(e => e.EventId))], ct).ConfigureAwait(false)).Select(f => f.Id).ToHashSet();
        var heads = (await ReadGuidPairsAsync(connection, tx,
            "SELECT e.stream_id, max(e.version) FROM es.events e JOIN unnest($1::uuid[]) AS u(id) ON e.stream_id = u.id GROUP BY e.stream_id",
            [.. appends.Select(a => a.Stream.Id).Distinct()], ct).ConfigureAwait(false)).ToDictionary(p => p.Id, p => p.Value);

        var newHeads = new Dictionary<Guid, (string Tenant, string Type, long Version)>();
        long appended = 0, skipped = 0;
        var writer = await connection.BeginBinaryImportAsync(CopySql, ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var append in appends)
            {
                var duplicates = append.Events.Count(e => existing.Contains(e.EventId));
                if (duplicates == append.Events.Count && duplicates > 0)
                {
                    skipped += duplicates;
                    continue;
                }

                if (duplicates > 0)
                {
                    throw new EventStoreException($"Import into {append.Stream}: {duplicates} of {append.Events.Count} event ids were already stored.");
                }

                var current = newHeads.TryGetValue(append.Stream.Id, out var pending) ? pending.Version : heads.GetValueOrDefault(append.Stream.Id);
                if (append.Expected.Value >= 0 && append.Expected.Value != current)
                {
                    throw new ConcurrencyConflictException(append.Stream, append.Expected, current);
                }

                var tenant = append.Events[0].Metadata.Tenant.Key;
                foreach (var e in append.Events)
                {
                    await WriteRowAsync(writer, registry, append.Stream, tenant, ++current, e, ct).ConfigureAwait(false);
                }

                appended += append.Events.Count;
                newHeads[append.Stream.Id] = (tenant, append.Stream.Type, current);
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }

        await UpsertHeadsAsync(connection, tx, newHeads, ct).ConfigureAwait(false);
        return new ImportResult(appended, skipped);
    }

    /// <summary>
    /// Registers the streams not yet in Marten's stream table and locks all their rows, in id order (as every writer
    /// does, so two cannot deadlock), then refuses when one was last written by a younger transaction: the sealer orders
    /// by transaction id, so this import's events would land before that transaction's in the ledger, out of order.
    /// </summary>
    internal static async Task LockStreamsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<StreamAppend> appends,
        CancellationToken ct)
    {
        var streams = appends.Where(a => a.Events.Count > 0).GroupBy(a => a.Stream.Id).Select(g => g.First()).OrderBy(a => a.Stream.Id).ToList();
        if (streams.Count == 0)
        {
            return;
        }

        var batch = new NpgsqlBatch(connection, tx);
        await using var batchScope = batch.ConfigureAwait(false);
        batch.BatchCommands.Add(RegisterStreams(streams));
        var ids = new NpgsqlParameter<Guid[]> { TypedValue = [.. streams.Select(a => a.Stream.Id)] };
        var rows = new NpgsqlBatchCommand("SELECT count(*) FROM (SELECT id FROM es.mt_streams WHERE id = ANY($1) ORDER BY id FOR UPDATE) AS locked");
        rows.Parameters.Add(ids);
        batch.BatchCommands.Add(rows);
        var overtaken = new NpgsqlBatchCommand($"""
            SELECT min(s.id::text) FROM es.mt_streams s JOIN es.mt_events e ON e.stream_id = s.id AND e.version = s.version
            WHERE s.id = ANY($1) AND {PostgresEventStore.OvertakenColumn}
            """);
        overtaken.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids.TypedValue });
        batch.BatchCommands.Add(overtaken);
        var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        // The registration returns no result set: the first is the lock count, the next the overtaken stream.
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        if (await reader.ReadAsync(ct).ConfigureAwait(false) && !await reader.IsDBNullAsync(0, ct).ConfigureAwait(false))
        {
            throw new EventStoreException(
                $"Stream {reader.GetString(0)} was written by another recording after this import began, so the import cannot add to it " +
                "without putting the ledger out of order. Nothing was imported; run the import again.");
        }
    }

    /// <summary>
    /// Registers new streams with their type and trust at version 0 (Marten names a stream's type after a CLR aggregate,
    /// and ours are names the readers filter on), in id order as every writer locks; existing streams are left as they are.
    /// </summary>
    internal static NpgsqlBatchCommand RegisterStreams(IReadOnlyList<StreamAppend> appends)
    {
        var register = new NpgsqlBatchCommand("""
            INSERT INTO es.mt_streams (id, type, trust_id, version)
            SELECT id, type, trust, 0 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, type, trust) ORDER BY id
            ON CONFLICT (id) DO NOTHING
            """);
        register.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. appends.Select(a => a.Stream.Id)] });
        register.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.Stream.Type)] });
        register.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.Events[0].Metadata.Tenant.Key)] });
        return register;
    }

    internal static async Task WriteRowAsync(NpgsqlBinaryImporter writer, EventTypeRegistry registry, StreamId stream, string tenant,
        long version, NewEvent e, CancellationToken ct)
    {
        var (type, schemaVersion) = registry.StoredNameOf(e.Data.GetType());
        await writer.StartRowAsync(ct).ConfigureAwait(false);
        await writer.WriteAsync(tenant, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await writer.WriteAsync(stream.Id, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
        await writer.WriteAsync(stream.Type, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await writer.WriteAsync(version, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        await writer.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
        await writer.WriteAsync(type, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await writer.WriteAsync(schemaVersion, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
        await writer.WriteAsync(PostgresEventStore.Serialize(registry, e.Data), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
        await writer.WriteAsync(PostgresEventStore.Serialize(registry, e.Metadata), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
        // Why also as columns: Marten reads correlation and causation from its own columns (the ledger hashes the headers).
        await writer.WriteAsync(e.Metadata.CorrelationId.ToString(), NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
        if (e.Metadata.CausationId is { } causation)
        {
            await writer.WriteAsync(causation.ToString(), NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task<List<(Guid Id, long Value)>> ReadGuidPairsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        string sql, Guid[] ids, CancellationToken ct)
    {
        var rows = new List<(Guid, long)>();
        var command = new NpgsqlCommand(sql, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return rows;
    }

    /// <summary>Registers new streams and moves existing ones to their new head in Marten's stream table, which keeps
    /// each stream's version (Marten's own appends check and advance it).</summary>
    internal static async Task UpsertHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyDictionary<Guid, (string Tenant, string Type, long Version)> heads, CancellationToken ct)
    {
        if (heads.Count == 0)
        {
            return;
        }

        var upsert = new NpgsqlCommand("""
            INSERT INTO es.mt_streams (id, trust_id, type, version)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])
            ON CONFLICT (id) DO UPDATE SET version = greatest(es.mt_streams.version, excluded.version), timestamp = transaction_timestamp()
            """, connection, tx);
        await using var upsertScope = upsert.ConfigureAwait(false);
        upsert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. heads.Keys] });
        upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. heads.Values.Select(v => v.Tenant)] });
        upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. heads.Values.Select(v => v.Type)] });
        upsert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. heads.Values.Select(v => v.Version)] });
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
