using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>What <see cref="StreamSetChangesReader.ReadAsync"/> found, as of one snapshot.</summary>
/// <param name="Events">Per stream in version order: whole new streams, then known streams' events sealed after the given position,
/// then committed events not sealed yet (their <see cref="EventEnvelope.Position"/> is null).</param>
/// <param name="SealedUpTo">The ledger head of the snapshot: every sealed event of the streams up to it has been returned.</param>
public sealed record StreamSetChanges(IReadOnlyList<EventEnvelope> Events, long SealedUpTo);

/// <summary>
/// Reads a set of streams incrementally for callers that keep what they read (for example a long-lived report cache):
/// new streams whole, known streams only from a ledger position on, plus what is committed but not sealed yet, all in one
/// snapshot so nothing falls between two reads. Why: a school's evidence is tens of thousands of events; reading and
/// deserialising all of them for every report dominated the report's time.
/// </summary>
public sealed class StreamSetChangesReader
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _registry;

    /// <summary>Creates a reader over the store's database.</summary>
    /// <param name="dataSource">The application data source.</param>
    /// <param name="registry">Maps stored names to event types, with upcasting.</param>
    public StreamSetChangesReader(NpgsqlDataSource dataSource, EventTypeRegistry registry)
    {
        _dataSource = dataSource;
        _registry = registry;
    }

    /// <summary>The ids of every stream of the given types (from the stream registry, not by scanning events).</summary>
    /// <param name="streamTypes">The stream types, for example small registers such as providers.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The streams.</returns>
    public async Task<IReadOnlyList<StreamId>> StreamsOfTypesAsync(IReadOnlyCollection<string> streamTypes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streamTypes);
        var command = _dataSource.CreateCommand("SELECT stream_type, stream_id FROM es.streams WHERE stream_type = ANY($1)");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streamTypes] });
        var streams = new List<StreamId>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            streams.Add(new StreamId(reader.GetString(0), reader.GetGuid(1)));
        }

        return streams;
    }

    /// <summary>Reads <paramref name="newStreams"/> whole and <paramref name="knownStreams"/> from <paramref name="sealedAfter"/> on.</summary>
    /// <param name="newStreams">Streams the caller holds nothing of.</param>
    /// <param name="knownStreams">Streams the caller holds every sealed event of up to <paramref name="sealedAfter"/>.</param>
    /// <param name="sealedAfter">The <see cref="StreamSetChanges.SealedUpTo"/> of the caller's previous read (0 for none).</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="watchedTypes">Stream types whose streams count as known (the caller read them whole before, e.g. small registers):
    /// their events after <paramref name="sealedAfter"/> are returned too, including those of streams created since.</param>
    /// <returns>The events and the ledger head they are complete up to.</returns>
    public async Task<StreamSetChanges> ReadAsync(IReadOnlyCollection<StreamId> newStreams, IReadOnlyCollection<StreamId> knownStreams,
        long sealedAfter, CancellationToken ct, IReadOnlyCollection<string>? watchedTypes = null)
    {
        ArgumentNullException.ThrowIfNull(newStreams);
        ArgumentNullException.ThrowIfNull(knownStreams);
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // Why repeatable read: the head and the three reads must see one snapshot, or an event sealed between them is lost.
        var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var (position, epoch, lastTx, lastSeq) = await ReadHeadAsync(connection, tx, ct).ConfigureAwait(false);
        var events = new List<EventEnvelope>();
        Guid[] known = [.. knownStreams.Select(s => s.Id)];
        string[] types = [.. watchedTypes ?? []];
        if (newStreams.Count > 0)
        {
            await ReadIntoAsync(events, connection, tx, $"""
                SELECT l.position, {StoredEvent.Columns}
                FROM es.events e LEFT JOIN es.ledger l ON l.seq_id = e.seq_id
                WHERE e.stream_id = ANY($1)
                ORDER BY e.stream_id, e.version
                """, [new NpgsqlParameter<Guid[]> { TypedValue = [.. newStreams.Select(s => s.Id)] }], ct).ConfigureAwait(false);
        }

        if (known.Length + types.Length > 0 && position > sealedAfter)
        {
            await ReadIntoAsync(events, connection, tx, $"""
                SELECT l.position, {StoredEvent.Columns}
                FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id
                WHERE l.position > $2 AND (l.stream_id = ANY($1) OR e.stream_type = ANY($3))
                ORDER BY l.position
                """, [new NpgsqlParameter<Guid[]> { TypedValue = known }, new NpgsqlParameter<long> { TypedValue = sealedAfter },
                    new NpgsqlParameter<string[]> { TypedValue = types }], ct).ConfigureAwait(false);
        }

        if (known.Length + types.Length > 0)
        {
            // Not sealed yet: past the sealer's cursor (the sealer's own condition), read through its index.
            await ReadIntoAsync(events, connection, tx, $"""
                SELECT NULL::bigint, {StoredEvent.Columns}
                FROM es.events e
                WHERE (e.log_epoch, e.tx_id, e.seq_id) > ($2, $3::text::xid8, $4) AND (e.stream_id = ANY($1) OR e.stream_type = ANY($5))
                ORDER BY e.stream_id, e.version
                """, [new NpgsqlParameter<Guid[]> { TypedValue = known }, new NpgsqlParameter<int> { TypedValue = epoch },
                    new NpgsqlParameter<string> { TypedValue = lastTx }, new NpgsqlParameter<long> { TypedValue = lastSeq },
                    new NpgsqlParameter<string[]> { TypedValue = types }], ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new StreamSetChanges(events, position);
    }

    private static async Task<(long Position, int Epoch, string LastTx, long LastSeq)> ReadHeadAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, CancellationToken ct)
    {
        // Why no JIT: arrays of thousands of stream ids make the planner's estimates high enough to compile each query
        // (tens of milliseconds, measured) for reads that take a few.
        var noJit = new NpgsqlCommand("SET LOCAL jit = off", connection, tx);
        await using (noJit.ConfigureAwait(false))
        {
            await noJit.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var head = new NpgsqlCommand("SELECT position, log_epoch, last_tx::text, last_seq FROM es.ledger_head WHERE id = 1", connection, tx);
        await using var headScope = head.ConfigureAwait(false);
        var reader = await head.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3));
    }

    private async Task ReadIntoAsync(List<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction tx, string sql,
        NpgsqlParameter[] parameters, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddRange(parameters);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var at = await reader.IsDBNullAsync(0, ct).ConfigureAwait(false) ? (long?)null : reader.GetInt64(0);
            events.Add(StoredEvent.Read(reader, at, 1).ToEnvelope(_registry));
        }
    }
}
