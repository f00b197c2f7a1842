using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore.Verification;

/// <summary>
/// Recomputes every hash chain from position 1 against the stored events and ledger rows and reports the first
/// mismatch (design 7.6). Run it with the owner data source so nothing can be hidden by grants.
/// </summary>
public sealed class LedgerVerifier
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a verifier.</summary>
    /// <param name="dataSource">A data source that can read <c>es</c>.</param>
    public LedgerVerifier(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Verifies the whole ledger, the head row and the stored signed checkpoints.</summary>
    /// <param name="ct">Cancels the scan.</param>
    /// <returns>The report; <see cref="VerificationReport.Ok"/> is false on the first problem found.</returns>
    public Task<VerificationReport> VerifyAsync(CancellationToken ct) => VerifyAsync(fromLastCheckpoint: false, ct);

    /// <summary>Verifies the ledger, either from position 1 or from the latest stored checkpoint whose signature is valid
    /// and whose chain and tenant-heads root still match the ledger (the incremental, continuous check).</summary>
    /// <param name="fromLastCheckpoint">Start after the latest valid signed checkpoint instead of position 1.</param>
    /// <param name="ct">Cancels the scan.</param>
    /// <returns>The report; <see cref="VerificationReport.VerifiedFrom"/> says where the scan started.</returns>
    public async Task<VerificationReport> VerifyAsync(bool fromLastCheckpoint, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        // Why: one snapshot for the scan, the head and the checkpoints, so concurrent sealing cannot look like tampering.
        var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var state = new ChainState();
        var start = fromLastCheckpoint ? await StartFromCheckpointAsync(connection, tx, state, ct).ConfigureAwait(false) : null;
        var failure = start?.Failure
            ?? await ScanAsync(connection, tx, state, ct).ConfigureAwait(false)
            ?? await CheckHeadAsync(connection, tx, state, ct).ConfigureAwait(false);
        return new VerificationReport(failure is null, state.Position, failure, state.ChainAtPositions) { VerifiedFrom = (start?.Position ?? 0) + 1 };
    }

    /// <summary>The chain hash stored at each given position (used to check exported checkpoints).</summary>
    /// <param name="positions">Positions to look up.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>Position to chain hash; missing positions are absent.</returns>
    public async Task<IReadOnlyDictionary<long, byte[]>> ChainHashesAtAsync(IReadOnlyCollection<long> positions, CancellationToken ct)
    {
        var command = _dataSource.CreateCommand("SELECT position, chain_hash FROM es.ledger WHERE position = ANY($1)");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. positions] });
        var result = new Dictionary<long, byte[]>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = (byte[])reader.GetValue(1);
        }

        return result;
    }

    private static async Task<VerificationFailure?> ScanAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChainState state,
        CancellationToken ct)
    {
        var checkpoints = await ReadCheckpointPositionsAsync(connection, tx, ct).ConfigureAwait(false);
        var command = new NpgsqlCommand("""
            SELECT l.position, l.seq_id, l.tenant_id, l.stream_id, l.version, l.event_type, l.payload_hash, l.chain_hash, l.tenant_chain,
                   e.seq_id IS NULL, e.tenant_id, e.stream_id, e.version, e.event_type, e.data::text, e.metadata::text,
                   r.original_payload_hash
            FROM es.ledger l LEFT JOIN es.events e ON e.seq_id = l.seq_id LEFT JOIN es.redactions r ON r.seq_id = l.seq_id
            WHERE l.position > $1
            ORDER BY l.position
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = state.Position });
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var failure = Check(reader, state);
            if (failure is not null)
            {
                return failure;
            }

            if (checkpoints.Contains(state.Position))
            {
                state.ChainAtPositions[state.Position] = state.Chain;
            }
        }

        return null;
    }

#pragma warning disable VSTHRD103 // Why: the row is fully buffered after ReadAsync; sync getters do no I/O here.
    private static VerificationFailure? Check(NpgsqlDataReader reader, ChainState state)
    {
        var position = reader.GetInt64(0);
        if (position != state.Position + 1)
        {
            return new VerificationFailure(state.Position + 1, FailureKind.Gap, $"ledger position {state.Position + 1} is missing (next is {position})");
        }

        state.Position = position;
        var seq = reader.GetInt64(1);
        var (tenant, stream, version, type) = (reader.GetString(2), reader.GetGuid(3), reader.GetInt64(4), reader.GetString(5));
        var storedPayload = (byte[])reader.GetValue(6);
        var storedChain = (byte[])reader.GetValue(7);
        var storedTenantChain = (byte[])reader.GetValue(8);
        if (reader.GetBoolean(9))
        {
            return new VerificationFailure(position, FailureKind.EventMissing, $"the event (seq {seq}) sealed at this position no longer exists");
        }

        if (!string.Equals(reader.GetString(10), tenant, StringComparison.Ordinal) || reader.GetGuid(11) != stream ||
            reader.GetInt64(12) != version || !string.Equals(reader.GetString(13), type, StringComparison.Ordinal))
        {
            return new VerificationFailure(position, FailureKind.LedgerRowChanged,
                $"ledger row (tenant {tenant}, stream {stream}, version {version}, type {type}) differs from its event " +
                $"(tenant {reader.GetString(10)}, stream {reader.GetGuid(11)}, version {reader.GetInt64(12)}, type {reader.GetString(13)})");
        }

        var payload = LedgerHash.Payload(reader.GetString(14));
        // Why: a hash-preserving redaction (design 7.7, migration 0050) replaced free text; es.redactions keeps the sealed hash.
        if (!payload.AsSpan().SequenceEqual(storedPayload) && !reader.IsDBNull(16) && ((byte[])reader.GetValue(16)).AsSpan().SequenceEqual(storedPayload))
        {
            payload = storedPayload;
        }

        if (!payload.AsSpan().SequenceEqual(storedPayload))
        {
            return new VerificationFailure(position, FailureKind.EventDataChanged,
                $"event data changed: SHA-256 of the stored data is {Convert.ToHexStringLower(payload)}, the ledger sealed {Convert.ToHexStringLower(storedPayload)}");
        }

        var leaf = LedgerHash.Leaf(position, seq, tenant, stream, version, type, payload, reader.GetString(15));
        var chain = LedgerHash.Chain(state.Chain, leaf);
        if (!chain.AsSpan().SequenceEqual(storedChain))
        {
            return new VerificationFailure(position, FailureKind.LedgerRowChanged,
                "chain hash mismatch: the ledger row or the event's metadata was changed after sealing");
        }

        var tenantChain = LedgerHash.Chain(state.TenantChains.GetValueOrDefault(tenant, LedgerHash.Genesis), leaf);
        if (!tenantChain.AsSpan().SequenceEqual(storedTenantChain))
        {
            return new VerificationFailure(position, FailureKind.LedgerRowChanged, $"tenant chain mismatch for tenant {tenant}");
        }

        state.Chain = chain;
        state.TenantChains[tenant] = tenantChain;
        return null;
    }
#pragma warning restore VSTHRD103

    private static async Task<VerificationFailure?> CheckHeadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChainState state,
        CancellationToken ct)
    {
        var command = new NpgsqlCommand("SELECT position, chain_hash FROM es.ledger_head WHERE id = 1", connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return new VerificationFailure(0, FailureKind.LedgerRowChanged, "es.ledger_head is missing");
        }

        var position = reader.GetInt64(0);
        var chain = (byte[])reader.GetValue(1);
        if (position != state.Position)
        {
            return new VerificationFailure(Math.Min(position, state.Position) + 1, position > state.Position ? FailureKind.Gap : FailureKind.LedgerRowChanged,
                $"the ledger head says position {position} but the ledger ends at {state.Position}");
        }

        return chain.AsSpan().SequenceEqual(state.Chain)
            ? null
            : new VerificationFailure(position, FailureKind.LedgerRowChanged, "the ledger head's chain hash differs from the recomputed chain");
    }

    private static async Task<(long Position, VerificationFailure? Failure)?> StartFromCheckpointAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, ChainState state, CancellationToken ct)
    {
        var command = new NpgsqlCommand("""
            SELECT position, chain_hash, tenant_heads_root, signed_at, key_id, signature, public_key
            FROM es.ledger_checkpoints ORDER BY position DESC
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        var candidates = new List<SignedCheckpoint>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                candidates.Add(new SignedCheckpoint(reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader.GetValue(1)),
                    Convert.ToHexStringLower((byte[])reader.GetValue(2)),
                    NodaTime.Text.InstantPattern.ExtendedIso.Format(NodaTime.Instant.FromDateTimeUtc(reader.GetDateTime(3))),
                    reader.GetString(4), Convert.ToBase64String((byte[])reader.GetValue(5)), Convert.ToBase64String((byte[])reader.GetValue(6))));
            }
        }

        var checkpoint = candidates.FirstOrDefault(c => c.SignatureIsValid());
        if (checkpoint is null)
        {
            return null;
        }

        var (chain, tenants) = await ReadChainsAtAsync(connection, tx, checkpoint.Position, ct).ConfigureAwait(false);
        if (!string.Equals(Convert.ToHexStringLower(chain), checkpoint.ChainHash, StringComparison.Ordinal) ||
            !string.Equals(Convert.ToHexStringLower(LedgerHash.TenantHeadsRoot(tenants)), checkpoint.TenantHeadsRoot, StringComparison.Ordinal))
        {
            return (checkpoint.Position, new VerificationFailure(checkpoint.Position, FailureKind.CheckpointMismatch,
                "the ledger at the latest signed checkpoint no longer matches it; run a full verification"));
        }

        state.Position = checkpoint.Position;
        state.Chain = chain;
        foreach (var (tenant, head) in tenants)
        {
            state.TenantChains[tenant] = head;
        }

        return (checkpoint.Position, null);
    }

    private static async Task<(byte[] Chain, Dictionary<string, byte[]> Tenants)> ReadChainsAtAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, long position, CancellationToken ct)
    {
        var command = new NpgsqlCommand("""
            WITH RECURSIVE tenants(t) AS (
                SELECT min(tenant_id) FROM es.ledger WHERE position <= $1
                UNION ALL
                SELECT (SELECT min(tenant_id) FROM es.ledger WHERE tenant_id > t AND position <= $1) FROM tenants WHERE t IS NOT NULL)
            SELECT (SELECT chain_hash FROM es.ledger WHERE position = $1), t,
                   (SELECT l.tenant_chain FROM es.ledger l WHERE l.tenant_id = t AND l.position <= $1 ORDER BY l.position DESC LIMIT 1)
            FROM tenants WHERE t IS NOT NULL
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        var chain = LedgerHash.Genesis;
        var tenants = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            chain = (byte[])reader.GetValue(0);
            tenants[reader.GetString(1)] = (byte[])reader.GetValue(2);
        }

        return (chain, tenants);
    }

    private static async Task<HashSet<long>> ReadCheckpointPositionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var command = new NpgsqlCommand("SELECT position FROM es.ledger_checkpoints", connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        var positions = new HashSet<long>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }

    private sealed class ChainState
    {
        public long Position { get; set; }

        public byte[] Chain { get; set; } = LedgerHash.Genesis;

        public Dictionary<string, byte[]> TenantChains { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, byte[]> ChainAtPositions { get; } = [];
    }
}

/// <summary>What kind of tampering or damage was found.</summary>
public enum FailureKind
{
    /// <summary>A position is missing from the ledger.</summary>
    Gap,

    /// <summary>The event's stored data no longer hashes to what was sealed.</summary>
    EventDataChanged,

    /// <summary>A ledger row (or an event's metadata) was changed after sealing.</summary>
    LedgerRowChanged,

    /// <summary>A sealed event row was deleted.</summary>
    EventMissing,

    /// <summary>A signed checkpoint does not verify or does not match the database.</summary>
    CheckpointMismatch,
}

/// <summary>The first problem found.</summary>
/// <param name="Position">The first mismatching ledger position.</param>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Detail">What differs.</param>
public sealed record VerificationFailure(long Position, FailureKind Kind, string Detail);

/// <summary>The outcome of a verification.</summary>
/// <param name="Ok">True when every chain recomputed equal.</param>
/// <param name="VerifiedUpTo">The last position checked (the failing one when not ok).</param>
/// <param name="Failure">The first problem, when not ok.</param>
/// <param name="ChainAtCheckpoints">Recomputed chain hashes at the positions of stored checkpoints.</param>
public sealed record VerificationReport(bool Ok, long VerifiedUpTo, VerificationFailure? Failure, IReadOnlyDictionary<long, byte[]> ChainAtCheckpoints)
{
    /// <summary>The first position recomputed (1 for a full verification).</summary>
    public long VerifiedFrom { get; init; } = 1;
}
