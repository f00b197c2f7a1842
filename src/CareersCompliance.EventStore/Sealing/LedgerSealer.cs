using System.Diagnostics;
using System.Globalization;
using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore.Sealing;

/// <summary>
/// Seals committed events into the gapless, hash-chained <c>es.ledger</c> (design 7.3). Only transactions below the
/// xid horizon are sealed, so a late committer delays sealing but is never skipped. One sealer per database is enough;
/// two serialise on the ledger head row, so correctness does not depend on leadership.
/// </summary>
public sealed class LedgerSealer : IDisposable
{
    private const int MaxCachedStreams = 200_000;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _batchSize;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Why: per-stream sealed versions and tenant chain heads, valid while the head is where this sealer left it; they
    // save two lookups per tick. Another sealer moving the head invalidates them.
    private readonly Dictionary<Guid, long> _streamVersions = [];
    private readonly Dictionary<string, byte[]> _tenantChains = new(StringComparer.Ordinal);
    private long _cachedAtPosition = -1;

    /// <summary>Creates a sealer.</summary>
    /// <param name="dataSource">The application data source.</param>
    /// <param name="batchSize">Events sealed per transaction.</param>
    public LedgerSealer(NpgsqlDataSource dataSource, int batchSize = 5000)
    {
        _dataSource = dataSource;
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>How often the loop polls when no notification arrives.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Seals everything committed below the current horizon, in batches, then returns.</summary>
    /// <param name="ct">Cancels between batches.</param>
    /// <returns>How many events were sealed.</returns>
    /// <exception cref="LedgerContinuityException">When a stream's next event is not its last sealed version + 1.</exception>
    public async Task<long> SealAsync(CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            var sealedNow = await SealBatchAsync(ct).ConfigureAwait(false);
            total += sealedNow;
            if (sealedNow < _batchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Seals until every event committed so far is sealed. Other sessions' open transactions (anywhere in the
    /// cluster) hold back the horizon, so this waits for them, up to <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait for the horizon to pass.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>How many events were sealed.</returns>
    /// <exception cref="TimeoutException">When committed events are still unsealed after the timeout.</exception>
    public async Task<long> SealCommittedAsync(TimeSpan timeout, CancellationToken ct)
    {
        // Why a stopwatch: a timeout measures elapsed time; the wall clock is never read outside the injected IClock.
        var waited = Stopwatch.StartNew();
        long total = 0;
        while (true)
        {
            total += await SealAsync(ct).ConfigureAwait(false);
            var unsealed = await GetUnsealedCountAsync(ct).ConfigureAwait(false);
            if (unsealed == 0)
            {
                return total;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{unsealed} committed events are still unsealed after {timeout}: a long-running transaction holds back the xid horizon.");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs until cancelled: seals on every <c>es_appended</c> notification and polls as a safety net. A database
    /// outage or restart does not end it: it reconnects with a growing delay and seals what committed meanwhile.</summary>
    /// <param name="ct">Stops the loop.</param>
    /// <param name="onTransientFault">Told of each transient fault and the delay before reconnecting (for logs).</param>
    /// <returns>A task that ends when cancelled.</returns>
    /// <exception cref="LedgerContinuityException">Halts the loop: a write path broke the append discipline.</exception>
    public Task RunAsync(CancellationToken ct, Action<Exception, TimeSpan>? onTransientFault = null) =>
        ResilientLoop.ListenAsync(_dataSource, "es_appended", PollInterval, SealAsync, onTransientFault, ct);

    /// <summary>The sealed head: the last position and its chain hash.</summary>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The head.</returns>
    public async Task<LedgerHead> GetHeadAsync(CancellationToken ct)
    {
        var command = _dataSource.CreateCommand("SELECT position, chain_hash FROM es.ledger_head WHERE id = 1");
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new LedgerHead(reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    /// <summary>How many committed events are not sealed yet.</summary>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The number of unsealed events.</returns>
    public async Task<long> GetUnsealedCountAsync(CancellationToken ct)
    {
        var command = _dataSource.CreateCommand("""
            SELECT count(*) FROM es.events e, es.ledger_head h
            WHERE h.id = 1 AND e.log_epoch = h.log_epoch AND (e.tx_id, e.seq_id) > (h.last_tx, h.last_seq)
            """);
        await using var commandScope = command.ConfigureAwait(false);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Waits until the ledger head reaches <paramref name="position"/> (read-your-writes for tests and queries).</summary>
    /// <param name="position">The position to wait for.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>A task.</returns>
    /// <exception cref="TimeoutException">When the head does not reach the position in time.</exception>
    public async Task WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while ((await GetHeadAsync(ct).ConfigureAwait(false)).Position < position)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The ledger did not reach position {position} within {timeout}.");
            }

            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    private async Task<int> SealBatchAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await SealBatchLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> SealBatchLockedAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // Why: read the horizon before this transaction takes an xid of its own (the head lock below assigns one).
        var horizonCommand = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", connection);
        string horizon;
        await using (horizonCommand.ConfigureAwait(false))
        {
            horizon = (string)(await horizonCommand.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var head = await ReadHeadForUpdateAsync(connection, tx, ct).ConfigureAwait(false);
        var rows = await ReadCandidatesAsync(connection, tx, head, horizon, ct).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await tx.RollbackAsync(ct).ConfigureAwait(false);
            return 0;
        }

        if (_cachedAtPosition != head.Position || _streamVersions.Count > MaxCachedStreams)
        {
            _streamVersions.Clear();
            _tenantChains.Clear();
        }

        // Why: Chain() updates the caches in place; they count only once the commit succeeds, so mark them stale until then.
        _cachedAtPosition = -1;
        foreach (var (stream, version) in await ReadSealedVersionsAsync(connection, tx, rows, _streamVersions, ct).ConfigureAwait(false))
        {
            _streamVersions[stream] = version;
        }

        foreach (var (tenant, chain) in await ReadTenantChainsAsync(connection, tx, rows, _tenantChains, ct).ConfigureAwait(false))
        {
            _tenantChains[tenant] = chain;
        }

        var ledger = Chain(head, rows, _streamVersions, _tenantChains);
        await WriteLedgerAsync(connection, tx, ledger, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _cachedAtPosition = ledger[^1].Position;
        return rows.Count;
    }

    private static List<LedgerRow> Chain(SealHead head, List<Candidate> rows, Dictionary<Guid, long> streamHeads,
        Dictionary<string, byte[]> tenantHeads)
    {
        var result = new List<LedgerRow>(rows.Count);
        var chain = head.ChainHash;
        var position = head.Position;
        foreach (var row in rows)
        {
            var last = streamHeads.GetValueOrDefault(row.StreamId);
            if (row.Version != last + 1)
            {
                throw new LedgerContinuityException(
                    $"Sealing halted: stream {row.StreamId} would go from sealed version {last} to {row.Version} " +
                    $"(event seq {row.SeqId}, tx {row.TxId}). A write path broke the append discipline; investigate before resuming.");
            }

            streamHeads[row.StreamId] = row.Version;
            position++;
            var payload = LedgerHash.Payload(row.Data);
            var leaf = LedgerHash.Leaf(position, row.SeqId, row.TenantId, row.StreamId, row.Version, row.EventType, payload, row.Metadata);
            chain = LedgerHash.Chain(chain, leaf);
            var tenantChain = LedgerHash.Chain(tenantHeads.GetValueOrDefault(row.TenantId, LedgerHash.Genesis), leaf);
            tenantHeads[row.TenantId] = tenantChain;
            result.Add(new LedgerRow(position, row, payload, chain, tenantChain));
        }

        return result;
    }

    private static async Task<SealHead> ReadHeadForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var command = new NpgsqlCommand(
            "SELECT log_epoch, position, chain_hash, last_tx::text, last_seq FROM es.ledger_head WHERE id = 1 FOR UPDATE", connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException("es.ledger_head is missing; run the migrations.");
        }

        return new SealHead(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.GetString(3), reader.GetInt64(4));
    }

    private async Task<List<Candidate>> ReadCandidatesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SealHead head,
        string horizon, CancellationToken ct)
    {
        var command = new NpgsqlCommand("""
            SELECT e.seq_id, e.tx_id::text, e.tenant_id, e.stream_id, e.version, e.event_type, e.data::text, e.metadata::text
            FROM es.events e
            WHERE e.log_epoch = $1 AND e.tx_id < $2::text::xid8 AND (e.tx_id, e.seq_id) > ($3::text::xid8, $4)
            ORDER BY e.log_epoch, e.tx_id, e.seq_id
            LIMIT $5
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = head.Epoch });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = horizon });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = head.LastTx });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head.LastSeq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _batchSize });
        var rows = new List<Candidate>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new Candidate(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return rows;
    }

    private static async Task<Dictionary<Guid, long>> ReadSealedVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        List<Candidate> rows, Dictionary<Guid, long> known, CancellationToken ct)
    {
        var heads = new Dictionary<Guid, long>();
        // A first event (version 1) of an unknown stream needs no lookup: were the stream already sealed, the ledger's
        // unique (stream_id, version) would reject the row and sealing would halt loudly.
        var unknown = rows.Where(r => r.Version > 1 && !known.ContainsKey(r.StreamId)).Select(r => r.StreamId).Distinct().ToArray();
        if (unknown.Length == 0)
        {
            return heads;
        }

        var command = new NpgsqlCommand(
            "SELECT s, coalesce((SELECT max(l.version) FROM es.ledger l WHERE l.stream_id = s), 0) FROM unnest($1::uuid[]) AS s",
            connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = unknown });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            heads[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return heads;
    }

    private static async Task<Dictionary<string, byte[]>> ReadTenantChainsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        List<Candidate> rows, Dictionary<string, byte[]> known, CancellationToken ct)
    {
        var heads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var unknown = rows.Select(r => r.TenantId).Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length == 0)
        {
            return heads;
        }

        var command = new NpgsqlCommand("""
            SELECT t, (SELECT l.tenant_chain FROM es.ledger l WHERE l.tenant_id = t ORDER BY l.position DESC LIMIT 1)
            FROM unnest($1::text[]) AS t
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = unknown });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.IsDBNullAsync(1, ct).ConfigureAwait(false))
            {
                heads[reader.GetString(0)] = (byte[])reader.GetValue(1);
            }
        }

        return heads;
    }

    private static async Task WriteLedgerAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<LedgerRow> ledger, CancellationToken ct)
    {
        var last = ledger[^1];
        var batch = new NpgsqlBatch(connection, tx);
        await using var batchScope = batch.ConfigureAwait(false);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO es.ledger (position, seq_id, tenant_id, stream_id, version, event_type, payload_hash, chain_hash, tenant_chain)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::uuid[], $5::bigint[], $6::text[], $7::bytea[], $8::bytea[], $9::bytea[])
            """);
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ledger.Select(l => l.Position)] });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ledger.Select(l => l.Row.SeqId)] });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ledger.Select(l => l.Row.TenantId)] });
        insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ledger.Select(l => l.Row.StreamId)] });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ledger.Select(l => l.Row.Version)] });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ledger.Select(l => l.Row.EventType)] });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. ledger.Select(l => l.PayloadHash)] });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. ledger.Select(l => l.ChainHash)] });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. ledger.Select(l => l.TenantChain)] });
        batch.BatchCommands.Add(insert);
        var head = new NpgsqlBatchCommand("""
            UPDATE es.ledger_head SET position = $1, chain_hash = $2, last_tx = $3::text::xid8, last_seq = $4, updated_at = now() WHERE id = 1
            """);
        head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last.Position });
        head.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = last.ChainHash });
        head.Parameters.Add(new NpgsqlParameter<string> { TypedValue = last.Row.TxId });
        head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last.Row.SeqId });
        batch.BatchCommands.Add(head);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"SELECT pg_notify('es_sealed', '{last.Position.ToString(CultureInfo.InvariantCulture)}')"));
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private sealed record SealHead(int Epoch, long Position, byte[] ChainHash, string LastTx, long LastSeq);

    private sealed record Candidate(long SeqId, string TxId, string TenantId, Guid StreamId, long Version, string EventType,
        string Data, string Metadata);

    private sealed record LedgerRow(long Position, Candidate Row, byte[] PayloadHash, byte[] ChainHash, byte[] TenantChain);
}

/// <summary>The sealed head of the ledger.</summary>
/// <param name="Position">The last sealed position (0 when nothing is sealed).</param>
/// <param name="ChainHash">The chain hash at that position.</param>
public sealed record LedgerHead(long Position, byte[] ChainHash);

/// <summary>Thrown when sealing would break per-stream continuity; the sealer halts rather than write a wrong ledger.</summary>
public sealed class LedgerContinuityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which stream and versions, and what to do.</param>
    public LedgerContinuityException(string message) : base(message)
    {
    }
}
