using System.Runtime.ExceptionServices;
using System.Text.Json;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Internal;
using Marten;
using Marten.Services;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.EventStore;

/// <summary>
/// The event store on Marten's tables (design 7.2, issue 12): appends go through a Marten session inside our own
/// transaction, which first takes the per-stream advisory locks (no transaction id) so that Marten's append is the
/// transaction's first write and tx_id order follows each stream's version order for the sealer.
/// </summary>
public sealed class PostgresEventStore : IEventStore
{
    /// <summary>Whether a stream's last event came from a transaction younger than this one (see <see cref="TransactionOvertakenException"/>).</summary>
    internal const string OvertakenColumn = "coalesce(e.tx_id >= pg_current_xact_id(), false)";

    /// <summary>How often an append is retried in a new transaction when a younger one wrote its stream first.</summary>
    private const int OvertakenRetries = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _registry;
    private readonly IReadOnlyList<IInlineProjection> _inline;
    private readonly Lazy<DocumentStore> _marten;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The application data source (see <see cref="Hosting.EventStoreDataSources.CreateApplication"/>).</param>
    /// <param name="registry">The event type registry.</param>
    /// <param name="inlineProjections">Projections to run inside every append transaction.</param>
    public PostgresEventStore(NpgsqlDataSource dataSource, EventTypeRegistry registry, IReadOnlyList<IInlineProjection>? inlineProjections = null)
    {
        _dataSource = dataSource;
        _registry = registry;
        _inline = inlineProjections ?? [];
        // Why never disposed here: the data source belongs to the caller, and sessions always run on our connection.
        _marten = new Lazy<DocumentStore>(() => DocumentStore.For(o => MartenEventStoreConfiguration.Apply(o, dataSource, registry)));
    }

    /// <summary>
    /// Whether appends also send <c>pg_notify('es_appended')</c> to wake the sealer at once. Off by default: PostgreSQL
    /// serialises the commits of notifying transactions (a database-wide lock held through the WAL flush), which defeats
    /// group commit and cut 8-writer throughput to about a quarter here; the sealer's polling keeps lag well under the SLO.
    /// Imports always notify (one notification per import chunk costs nothing).
    /// </summary>
    public bool NotifyOnAppend { get; init; }

    /// <inheritdoc />
    public async Task<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(events));
        }

        return (await AppendInOneTransactionAsync([new StreamAppend(stream, expected, events)], ct).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AppendResult>> AppendMultipleAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Select(a => a.Stream.Id).Distinct().Count() != appends.Count)
        {
            throw new ArgumentException("A stream may appear only once in a multi-stream append.", nameof(appends));
        }

        return await AppendInOneTransactionAsync(appends, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<AppendResult>> AppendInOneTransactionAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendInNewTransactionAsync(appends, ct).ConfigureAwait(false);
            }
            catch (TransactionOvertakenException) when (attempt < OvertakenRetries)
            {
                // Why retry: a new transaction gets a younger id than the one that wrote first, so the order holds.
            }
        }
    }

    private async Task<IReadOnlyList<AppendResult>> AppendInNewTransactionAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var afterCommit = new List<Func<CancellationToken, Task>>();
        var results = await AppendWithinAsync(connection, tx, appends, ct, afterCommit).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        foreach (var followUp in afterCommit)
        {
            await followUp(ct).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Appends inside a transaction the caller owns and commits or rolls back (it must not have written yet).</summary>
    internal async Task<IReadOnlyList<AppendResult>> AppendWithinAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<StreamAppend> appends, CancellationToken ct, ICollection<Func<CancellationToken, Task>>? afterCommit = null)
    {
        var (recordedAt, heads, stored) = await LockAndReadHeadsAsync(connection, tx, appends, ct).ConfigureAwait(false);

        var storedElsewhere = stored.GetValueOrDefault(Guid.Empty);
        var results = new AppendResult[appends.Count];
        var toAppend = new List<(int Index, StreamAppend Append, long Head)>();
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var head = heads.GetValueOrDefault(append.Stream.Id);
            var already = stored.TryGetValue(append.Stream.Id, out var n) ? n : 0;
            if (already == append.Events.Count)
            {
                // A retry of an append that was stored: the earlier result, nothing new (event ids are the idempotency key).
                results[i] = new AppendResult(append.Stream, head, 0, true, recordedAt);
                continue;
            }

            if (already > 0 || storedElsewhere > 0)
            {
                throw new EventStoreException($"some event ids of this append were already stored ({Math.Max(already, storedElsewhere)} of {append.Events.Count})");
            }

            if (append.Expected.Value == 0 && head != 0 || append.Expected.Value > 0 && head != append.Expected.Value)
            {
                throw new ConcurrencyConflictException(append.Stream, append.Expected, head);
            }

            toAppend.Add((i, append, head));
        }

        if (toAppend.Count > 0)
        {
            await AppendWithMartenAsync(tx, toAppend, ct).ConfigureAwait(false);
            foreach (var (index, append, head) in toAppend)
            {
                results[index] = new AppendResult(append.Stream, head + append.Events.Count, append.Events.Count, false, recordedAt);
                await RunInlineAsync(append.Stream, results[index], append.Events, connection, tx, afterCommit, ct).ConfigureAwait(false);
            }

            await NotifyIfEnabledAsync(connection, tx, ct).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// One round trip: the streams' advisory locks in sorted order (so two writers cannot deadlock), the registration of
    /// new streams, the streams' rows locked in id order (an import holds them until it commits), then the heads Marten
    /// keeps in mt_streams, whether a younger transaction wrote a stream last, and which of the event ids are stored
    /// already. The advisory locks take no transaction id, so the first write takes its tx_id under them.
    /// </summary>
    private static async Task<(Instant RecordedAt, Dictionary<Guid, long> Heads, Dictionary<Guid, int> Stored)> LockAndReadHeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var streams = appends.Select(a => a.Stream.Id).Order().ToArray();
        var batch = LockAndReadHeadsBatch(connection, tx, appends, streams);
        await using var batchScope = batch.ConfigureAwait(false);
        var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var recordedAt = Instant.FromDateTimeUtc(reader.GetDateTime(0));
        // The registration returns no result set: the next ones are the locked rows, then the heads.
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var headRows = new Dictionary<Guid, long>();
        var overtaken = false;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            headRows[reader.GetGuid(0)] = await reader.IsDBNullAsync(1, ct).ConfigureAwait(false) ? 0 : reader.GetInt64(1);
            overtaken |= reader.GetBoolean(2);
        }

        if (overtaken)
        {
            throw new TransactionOvertakenException();
        }

        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var storedRows = new Dictionary<Guid, int>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            storedRows[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return (recordedAt, headRows, storedRows);
    }

    private static NpgsqlBatch LockAndReadHeadsBatch(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<StreamAppend> appends, Guid[] streams)
    {
        var batch = new NpgsqlBatch(connection, tx);
        var locks = new NpgsqlBatchCommand("""
            SELECT transaction_timestamp(),
                   (SELECT count(pg_advisory_xact_lock(hashtextextended(s::text, 0))) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(s, o))
            """);
        locks.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = streams });
        batch.BatchCommands.Add(locks);
        // Why register here: Marten names a stream's type after a CLR aggregate, and ours are names the readers filter on
        // (school, pupil, activity...), so a new stream is registered with its type and trust at version 0 before Marten
        // appends to it; an existing stream is left as it is (no write). A refused append rolls the registration back.
        batch.BatchCommands.Add(BulkImport.RegisterStreams(appends));
        // Why the stream rows too: an import takes no stream advisory locks (it may touch a million streams) but locks
        // these rows, chunk by chunk, until it commits; every writer of a stream thus waits for the one before it.
        var rows = new NpgsqlBatchCommand("SELECT id FROM es.mt_streams WHERE id = ANY($1) ORDER BY id FOR UPDATE");
        rows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = streams });
        batch.BatchCommands.Add(rows);
        // Why "overtaken": the sealer orders by transaction id, so no stream may get an event from a transaction older than
        // the one that wrote its last event. Read after the row locks, in a statement of its own (a fresh snapshot).
        var heads = new NpgsqlBatchCommand($"""
            SELECT s.id, s.version, {OvertakenColumn}
            FROM es.mt_streams s LEFT JOIN es.mt_events e ON e.stream_id = s.id AND e.version = s.version
            WHERE s.id = ANY($1)
            """);
        heads.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = streams });
        batch.BatchCommands.Add(heads);
        // Why the stream of each stored id: an id stored in another stream is a client error, not a retry.
        var stored = new NpgsqlBatchCommand("""
            SELECT CASE WHEN e.stream_id = ANY($2) THEN e.stream_id ELSE '00000000-0000-0000-0000-000000000000'::uuid END, count(*)::int
            FROM es.mt_events e WHERE e.id = ANY($1) GROUP BY 1
            """);
        stored.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. appends.SelectMany(a => a.Events.Select(e => e.EventId))] });
        stored.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = streams });
        batch.BatchCommands.Add(stored);

        return batch;
    }

    /// <summary>Marten's quick append for each stream, in our transaction: our event ids, our stored names and JSON, our
    /// metadata as the headers (the ledger hashes them) and in Marten's correlation and causation columns.</summary>
    private async Task AppendWithMartenAsync(NpgsqlTransaction tx, IReadOnlyList<(int Index, StreamAppend Append, long Head)> appends,
        CancellationToken ct)
    {
        var session = _marten.Value.LightweightSession(SessionOptions.ForTransaction(tx));
        await using var sessionScope = session.ConfigureAwait(false);
        EventMetadata? lastMetadata = null;
        JsonProperty[] lastHeaders = [];
        foreach (var (_, append, head) in appends)
        {
            object[] data = [.. append.Events.Select(e => e.Data)];
            var action = session.Events.Append(append.Stream.Id, head + data.Length, data);
            for (var i = 0; i < append.Events.Count; i++)
            {
                var e = append.Events[i];
                var stored = action.Events[i];
                stored.Id = e.EventId;
                stored.CorrelationId = e.Metadata.CorrelationId.ToString();
                stored.CausationId = e.Metadata.CausationId?.ToString();
                foreach (var property in HeadersOf(e.Metadata, ref lastMetadata, ref lastHeaders))
                {
                    stored.SetHeader(property.Name, property.Value);
                }

                var (_, schemaVersion) = _registry.StoredNameOf(e.Data.GetType());
                if (schemaVersion != 1)
                {
                    // Why a header: Marten has no column for our schema versions; a trigger copies it into schema_ver (0090).
                    stored.SetHeader(SchemaVersionHeader, schemaVersion);
                }
            }
        }

        try
        {
            await session.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not NpgsqlException && e.InnerException is NpgsqlException database)
        {
            // Why unwrap: callers tell a fault from a refusal by the database's own exception (a lost connection is
            // transient, a NUL in text is the client's error), as they did before Marten wrapped it.
            ExceptionDispatchInfo.Capture(database).Throw();
        }
    }

    /// <summary>Our metadata as header values, one a top-level field; events of one command share one metadata, so it is
    /// serialised once for them.</summary>
    private JsonProperty[] HeadersOf(EventMetadata metadata, ref EventMetadata? last, ref JsonProperty[] lastHeaders)
    {
        if (!ReferenceEquals(metadata, last))
        {
            lastHeaders = [.. JsonSerializer.SerializeToElement(metadata, _registry.JsonOptions).EnumerateObject()];
            last = metadata;
        }

        return lastHeaders;
    }

    /// <summary>The header carrying a stored schema version other than 1 (migration 0090 copies it into schema_ver).</summary>
    internal const string SchemaVersionHeader = "schemaVersion";

    /// <inheritdoc />
    public async Task<StreamSlice> ReadStreamAsync(StreamId stream, ReadStreamOptions? options, CancellationToken ct)
    {
        var command = _dataSource.CreateCommand($"""
            SELECT l.position, {StoredEvent.Columns}
            FROM es.events e LEFT JOIN es.ledger l ON l.seq_id = e.seq_id
            WHERE e.stream_id = $1 AND ($2::bigint IS NULL OR e.version <= $2) AND ($3::timestamptz IS NULL OR e.recorded_at <= $3)
            ORDER BY e.version
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)options?.UpToVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = options?.RecordedAtOrBefore is { } at ? at.ToDateTimeUtc() : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        var events = new List<EventEnvelope>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var position = await reader.GetFieldValueAsync<long?>(0, ct).ConfigureAwait(false);
            events.Add(StoredEvent.Read(reader, position, 1).ToEnvelope(_registry));
        }

        return new StreamSlice(stream, events.Count == 0 ? 0 : events[^1].Version, events);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventEnvelope>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct)
    {
        var rows = await LedgerReader.ReadAsync(_dataSource, afterPosition, maxCount, null, ct).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEnvelope(_registry))];
    }

    /// <inheritdoc />
    public async Task<ImportResult> ImportAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        ImportResult outcome;
        try
        {
            outcome = await BulkImport.RunAsync(connection, tx, _registry, appends, ct).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            ThrowIfKnown(e);
            throw;
        }

        await NotifyAsync(connection, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return outcome;
    }

    internal static string Serialize(EventTypeRegistry registry, object data) => JsonSerializer.Serialize(data, data.GetType(), registry.JsonOptions);

    internal static string Serialize(EventTypeRegistry registry, EventMetadata metadata) => JsonSerializer.Serialize(metadata, registry.JsonOptions);

    private async Task RunInlineAsync(StreamId stream, AppendResult result, IReadOnlyList<NewEvent> events,
        NpgsqlConnection connection, NpgsqlTransaction tx, ICollection<Func<CancellationToken, Task>>? afterCommit, CancellationToken ct)
    {
        var first = result.NextExpectedVersion - events.Count + 1;
        var envelopes = events.Select((e, i) => new EventEnvelope(null, e.EventId, stream, first + i,
            _registry.StoredNameOf(e.Data.GetType()).Name, e.Data, e.Metadata, result.RecordedAt ?? default)).ToArray();
        foreach (var projection in _inline)
        {
            if (projection is IInlineProjectionWithFollowUp withFollowUp)
            {
                // Why refuse rather than drop: a caller owning the transaction must also run the follow-ups after its commit.
                await withFollowUp.ApplyAsync(envelopes, connection, tx,
                    afterCommit ?? throw new InvalidOperationException($"{projection.GetType().Name} needs the append's after-commit work run; append through the store."),
                    ct).ConfigureAwait(false);
            }
            else
            {
                await projection.ApplyAsync(envelopes, connection, tx, ct).ConfigureAwait(false);
            }
        }
    }

    private Task NotifyIfEnabledAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        NotifyOnAppend ? NotifyAsync(connection, tx, ct) : Task.CompletedTask;

    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var notify = new NpgsqlCommand("SELECT pg_notify('es_appended', '')", connection, tx);
        await using var notifyScope = notify.ConfigureAwait(false);
        await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Turns a database error the import can meet into the store's own exception (others pass through).</summary>
    internal static void ThrowIfKnown(PostgresException e)
    {
        if (string.Equals(e.SqlState, PostgresErrorCodes.UniqueViolation, StringComparison.Ordinal)
            && string.Equals(e.ConstraintName, "events_event_id_unique", StringComparison.Ordinal))
        {
            throw new EventStoreException("Some event ids of this import were already stored by another append.", e);
        }
    }
}
