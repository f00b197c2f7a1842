using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>
/// A bulk import written in chunks inside one transaction (design 7.2, bulk import): the caller reads the streams it
/// decides on, appends the events it decided chunk by chunk (binary COPY), and commits once, so a million-event file
/// is still all or nothing while the caller keeps only one chunk of events in memory.
/// Takes no database-wide lock: each chunk registers and locks its streams' rows in Marten's stream table (in id order)
/// before it writes, so a normal append to one of those streams waits for the import's commit while appends to any other
/// stream, other imports of other streams, the sealer and the daemon go on. Reads inside the session see the session's
/// own earlier chunks.
/// </summary>
public sealed class ImportSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _tx;
    private readonly EventTypeRegistry _registry;

    // Why kept for the whole session: one entry per touched stream (not per event), so memory follows the stream count.
    private readonly Dictionary<Guid, long> _heads = [];
    private readonly Dictionary<Guid, (string Tenant, string Type, long Version)> _touched = [];
    private readonly HashSet<Guid> _locked = [];
    private bool _finished;

    private ImportSession(NpgsqlConnection connection, NpgsqlTransaction tx, EventTypeRegistry registry)
    {
        _connection = connection;
        _tx = tx;
        _registry = registry;
    }

    /// <summary>Events appended so far in this session.</summary>
    public long Appended { get; private set; }

    /// <summary>Events skipped because their ids were already stored (a re-sent chunk).</summary>
    public long SkippedDuplicates { get; private set; }

    /// <summary>Opens a connection and starts the transaction.</summary>
    /// <param name="dataSource">The application data source.</param>
    /// <param name="registry">Maps event records to stored names and serialises them.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <returns>The open session; dispose it to roll back unless <see cref="CommitAsync"/> was called.</returns>
    public static async Task<ImportSession> BeginAsync(NpgsqlDataSource dataSource, EventTypeRegistry registry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(registry);
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            // Why plain index scans and no JIT: the session looks up a few hundred streams or event ids at a time in a table
            // it grows by a million rows in this transaction; with statistics taken before it began, the planner chose JIT
            // compilation, parallel bitmap or whole-table scans (50 to 250 ms a read, measured) over index lookups (about 1 ms).
            var lockCommand = new NpgsqlCommand("""
                SET LOCAL jit = off;
                SET LOCAL enable_seqscan = off;
                SET LOCAL enable_bitmapscan = off;
                SET LOCAL max_parallel_workers_per_gather = 0;
                """, connection, tx);
            await using (lockCommand.ConfigureAwait(false))
            {
                await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return new ImportSession(connection, tx, registry);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads whole streams as they stand inside the session (including events appended by it), each in version order.</summary>
    /// <param name="streams">The streams to read.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The events grouped by stream, in version order within each stream (no ledger positions: not sealed yet).</returns>
    public async Task<IReadOnlyList<EventEnvelope>> ReadStreamsAsync(IReadOnlyCollection<StreamId> streams, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ThrowIfFinished();
        var events = new List<EventEnvelope>();
        if (streams.Count == 0)
        {
            return events;
        }

        var command = new NpgsqlCommand($"""
            SELECT {StoredEvent.Columns}
            FROM es.events e
            WHERE e.stream_id = ANY($1)
            ORDER BY e.stream_id, e.version
            """, _connection, _tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. streams.Select(s => s.Id)] });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(StoredEvent.Read(reader, null, 0).ToEnvelope(_registry));
        }

        foreach (var stream in streams)
        {
            _heads.TryAdd(stream.Id, 0);
        }

        foreach (var e in events)
        {
            _heads[e.Stream.Id] = e.Version;
        }

        return events;
    }

    /// <summary>
    /// Appends one chunk: checks each stream's expected version against its head (as read or appended in this session),
    /// skips streams whose event ids are all stored already, then writes the chunk by binary COPY.
    /// </summary>
    /// <param name="appends">The events per stream; a stream may appear in many chunks but once per chunk.</param>
    /// <param name="ct">Cancels the append; the session should then be disposed (rolled back).</param>
    /// <exception cref="ConcurrencyConflictException">When a stream is not at its expected version.</exception>
    /// <exception cref="EventStoreException">When some (not all) event ids of a stream's append were stored before.</exception>
    public async Task AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appends);
        ThrowIfFinished();
        if (appends.Count == 0)
        {
            return;
        }

        await BulkImport.LockStreamsAsync(_connection, _tx, appends.Where(a => _locked.Add(a.Stream.Id)).ToList(), ct).ConfigureAwait(false);
        await LoadUnknownHeadsAsync(appends, ct).ConfigureAwait(false);
        var stored = await StoredEventIdsAsync(appends, ct).ConfigureAwait(false);
        var writer = await _connection.BeginBinaryImportAsync(BulkImport.CopySql, ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var append in appends)
            {
                if (append.Events.Count == 0)
                {
                    continue;
                }

                if (stored.Count > 0)
                {
                    var duplicates = append.Events.Count(e => stored.Contains(e.EventId));
                    if (duplicates == append.Events.Count)
                    {
                        SkippedDuplicates += duplicates;
                        continue;
                    }

                    if (duplicates > 0)
                    {
                        throw new EventStoreException(
                            $"Import into {append.Stream}: {duplicates} of {append.Events.Count} event ids were already stored.");
                    }
                }

                var current = _heads[append.Stream.Id];
                if (append.Expected.Value >= 0 && append.Expected.Value != current)
                {
                    throw new ConcurrencyConflictException(append.Stream, append.Expected, current);
                }

                var tenant = append.Events[0].Metadata.Tenant.Key;
                foreach (var e in append.Events)
                {
                    await BulkImport.WriteRowAsync(writer, _registry, append.Stream, tenant, ++current, e, ct).ConfigureAwait(false);
                }

                _heads[append.Stream.Id] = current;
                _touched[append.Stream.Id] = _touched.TryGetValue(append.Stream.Id, out var seen)
                    ? seen with { Version = current }
                    : (tenant, append.Stream.Type, current);
                Appended += append.Events.Count;
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Registers the new streams and moves the touched ones to their heads, wakes the sealer and commits everything appended in the session.</summary>
    /// <param name="ct">Cancels the commit (nothing is stored).</param>
    /// <returns>How many events were stored and how many were skipped as duplicates.</returns>
    public async Task<ImportResult> CommitAsync(CancellationToken ct)
    {
        ThrowIfFinished();
        await BulkImport.UpsertHeadsAsync(_connection, _tx, _touched, ct).ConfigureAwait(false);

        if (Appended > 0)
        {
            var notify = new NpgsqlCommand("SELECT pg_notify('es_appended', '')", _connection, _tx);
            await using var notifyScope = notify.ConfigureAwait(false);
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await _tx.CommitAsync(ct).ConfigureAwait(false);
        _finished = true;
        return new ImportResult(Appended, SkippedDuplicates);
    }

    /// <summary>Rolls back unless committed, and releases the connection (and with it the streams' locks).</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            try
            {
                await _tx.RollbackAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // Why: a broken connection has rolled back already; closing it below is all that is left.
            }
        }

        await _tx.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfFinished() => ObjectDisposedException.ThrowIf(_finished, this);

    private async Task LoadUnknownHeadsAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var unknown = appends.Select(a => a.Stream.Id).Where(id => !_heads.ContainsKey(id)).Distinct().ToArray();
        if (unknown.Length == 0)
        {
            return;
        }

        foreach (var id in unknown)
        {
            _heads[id] = 0;
        }

        var command = new NpgsqlCommand(
            "SELECT e.stream_id, max(e.version) FROM es.events e WHERE e.stream_id = ANY($1) GROUP BY e.stream_id", _connection, _tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = unknown });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            _heads[reader.GetGuid(0)] = reader.GetInt64(1);
        }
    }

    private async Task<HashSet<Guid>> StoredEventIdsAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var stored = new HashSet<Guid>();
        var command = new NpgsqlCommand(
            "SELECT e.event_id FROM es.events e WHERE e.event_id = ANY($1)", _connection, _tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. appends.SelectMany(a => a.Events.Select(e => e.EventId))] });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            stored.Add(reader.GetGuid(0));
        }

        return stored;
    }
}
