using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareersCompliance.EventStore.Internal;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.EventStore;

/// <summary>The PostgreSQL event store (design 7.2): per-stream advisory locks, OCC before identity use, unnest inserts.</summary>
public sealed partial class PostgresEventStore : IEventStore
{
    /// <summary>Normal appends hold this key shared; <see cref="ImportAsync"/> holds it exclusively.</summary>
    internal const long ImportLockKey = 7220001;

    private const string AppendSql =
        "SELECT new_version, duplicate, recorded_at FROM es.append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _registry;
    private readonly IReadOnlyList<IInlineProjection> _inline;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The application data source (see <see cref="Hosting.EventStoreDataSources.CreateApplication"/>).</param>
    /// <param name="registry">The event type registry.</param>
    /// <param name="inlineProjections">Projections to run inside every append transaction.</param>
    public PostgresEventStore(NpgsqlDataSource dataSource, EventTypeRegistry registry, IReadOnlyList<IInlineProjection>? inlineProjections = null)
    {
        _dataSource = dataSource;
        _registry = registry;
        _inline = inlineProjections ?? [];
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

        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        if (_inline.Count == 0)
        {
            // Why: one statement is one implicit transaction and one round trip.
            var batch = new NpgsqlBatch(connection);
            await using var batchScope = batch.ConfigureAwait(false);
            batch.BatchCommands.Add(AppendCommand(stream, expected, events, multi: false));
            if (NotifyOnAppend)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify('es_appended', '')"));
            }

            try
            {
                return await ReadAppendResultAsync(batch, stream, events.Count, ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                ThrowIfKnown(e, [(stream, expected)]);
                throw;
            }
        }

        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        try
        {
            var batch = new NpgsqlBatch(connection, tx);
            await using var batchScope = batch.ConfigureAwait(false);
            batch.BatchCommands.Add(AppendCommand(stream, expected, events, multi: false));
            var result = await ReadAppendResultAsync(batch, stream, events.Count, ct).ConfigureAwait(false);
            if (!result.WasDuplicate)
            {
                await RunInlineAsync(stream, result, events, connection, tx, ct).ConfigureAwait(false);
            }

            await NotifyIfEnabledAsync(connection, tx, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (PostgresException e)
        {
            ThrowIfKnown(e, [(stream, expected)]);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AppendResult>> AppendMultipleAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Select(a => a.Stream.Id).Distinct().Count() != appends.Count)
        {
            throw new ArgumentException("A stream may appear only once in a multi-stream append.", nameof(appends));
        }

        // Why: every writer locks streams in the same (sorted) order, so two multi-stream appends cannot deadlock.
        (StreamId, ExpectedVersion)[] streams = [.. appends.Select(a => (a.Stream, a.Expected))];
        var ordered = appends.OrderBy(a => a.Stream.Id.ToString(), StringComparer.Ordinal).ToArray();
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        try
        {
            var batch = new NpgsqlBatch(connection, tx);
            await using var batchScope = batch.ConfigureAwait(false);
            var locks = new NpgsqlBatchCommand("""
                SELECT pg_advisory_xact_lock_shared(7220001);
                """);
            batch.BatchCommands.Add(locks);
            var lockStreams = new NpgsqlBatchCommand(
                "SELECT pg_advisory_xact_lock(hashtextextended(s::text, 0)) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(s, o)");
            lockStreams.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ordered.Select(a => a.Stream.Id)] });
            batch.BatchCommands.Add(lockStreams);
            foreach (var append in ordered)
            {
                batch.BatchCommands.Add(AppendCommand(append.Stream, append.Expected, append.Events, multi: true));
            }

            var results = new Dictionary<Guid, AppendResult>();
            var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                foreach (var append in ordered)
                {
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                    results[append.Stream.Id] = await ReadOneResultAsync(reader, append.Stream, append.Events.Count, ct).ConfigureAwait(false);
                }
            }

            foreach (var append in ordered.Where(a => !results[a.Stream.Id].WasDuplicate))
            {
                await RunInlineAsync(append.Stream, results[append.Stream.Id], append.Events, connection, tx, ct).ConfigureAwait(false);
            }

            await NotifyIfEnabledAsync(connection, tx, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return [.. appends.Select(a => results[a.Stream.Id])];
        }
        catch (PostgresException e)
        {
            ThrowIfKnown(e, streams);
            throw;
        }
    }

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
            ThrowIfKnown(e, []);
            throw;
        }

        await NotifyAsync(connection, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return outcome;
    }

    internal static string Serialize(EventTypeRegistry registry, object data) => JsonSerializer.Serialize(data, data.GetType(), registry.JsonOptions);

    internal static string Serialize(EventTypeRegistry registry, EventMetadata metadata) => JsonSerializer.Serialize(metadata, registry.JsonOptions);

    private NpgsqlBatchCommand AppendCommand(StreamId stream, ExpectedVersion expected, IReadOnlyList<NewEvent> events, bool multi)
    {
        var count = events.Count;
        var ids = new Guid[count];
        var types = new string[count];
        var versions = new short[count];
        var data = new string[count];
        var metadata = new string[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            ids[i] = e.EventId;
            (types[i], versions[i]) = _registry.StoredNameOf(e.Data.GetType());
            data[i] = Serialize(_registry, e.Data);
            metadata[i] = Serialize(_registry, e.Metadata);
        }

        var command = new NpgsqlBatchCommand(AppendSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = events[0].Metadata.Tenant.Key });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected.Value });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = multi });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = versions });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        return command;
    }

    private static async Task<AppendResult> ReadAppendResultAsync(NpgsqlBatch batch, StreamId stream, int count, CancellationToken ct)
    {
        var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await ReadOneResultAsync(reader, stream, count, ct).ConfigureAwait(false);
    }

    private static async Task<AppendResult> ReadOneResultAsync(NpgsqlDataReader reader, StreamId stream, int count, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new EventStoreException($"es.append returned no row for {stream}.");
        }

        var version = reader.GetInt64(0);
        var duplicate = reader.GetBoolean(1);
        var recordedAt = Instant.FromDateTimeUtc(reader.GetDateTime(2));
        return new AppendResult(stream, version, duplicate ? 0 : count, duplicate, recordedAt);
    }

    private async Task RunInlineAsync(StreamId stream, AppendResult result, IReadOnlyList<NewEvent> events,
        NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var first = result.NextExpectedVersion - events.Count + 1;
        var envelopes = events.Select((e, i) => new EventEnvelope(null, e.EventId, stream, first + i,
            _registry.StoredNameOf(e.Data.GetType()).Name, e.Data, e.Metadata, result.RecordedAt ?? default)).ToArray();
        foreach (var projection in _inline)
        {
            await projection.ApplyAsync(envelopes, connection, tx, ct).ConfigureAwait(false);
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

    internal static void ThrowIfKnown(PostgresException e, IReadOnlyList<(StreamId Stream, ExpectedVersion Expected)> streams)
    {
        if (Translate(e, streams) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Translate(PostgresException e, IReadOnlyList<(StreamId Stream, ExpectedVersion Expected)> streams)
    {
        switch (e.SqlState)
        {
            case "ES409":
                var match = ConflictMessage().Match(e.MessageText);
                if (match.Success)
                {
                    var id = Guid.Parse(match.Groups["id"].Value);
                    var actual = long.Parse(match.Groups["actual"].Value, CultureInfo.InvariantCulture);
                    var (stream, expected) = streams.FirstOrDefault(s => s.Stream.Id == id);
                    return new ConcurrencyConflictException(stream == default ? new StreamId("unknown", id) : stream, expected, actual);
                }

                return new EventStoreException(e.MessageText, e);
            case "ES422":
            case "ES400":
                return new EventStoreException(e.MessageText, e);
            case PostgresErrorCodes.UniqueViolation when string.Equals(e.ConstraintName, "events_event_id_unique", StringComparison.Ordinal):
                return new EventStoreException("Some event ids of this append were already stored by another append.", e);
            default:
                return null;
        }
    }

    [GeneratedRegex("^stream (?<id>[0-9a-f-]{36}) is at version (?<actual>[0-9]+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ConflictMessage();
}
