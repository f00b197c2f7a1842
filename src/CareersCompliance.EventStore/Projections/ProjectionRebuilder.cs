using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore.Projections;

/// <summary>
/// Blue/green rebuild (design 7.4): builds shadow copies of the projection's tables from position 0, catches up to the
/// head, then swaps them into <c>rm</c> and sets the checkpoint in one transaction. Readers never see a half-built view.
/// Needs the owner data source (it runs DDL).
/// </summary>
public sealed class ProjectionRebuilder
{
    private readonly NpgsqlDataSource _ownerDataSource;
    private readonly EventTypeRegistry _registry;

    /// <summary>Creates a rebuilder.</summary>
    /// <param name="ownerDataSource">The owner data source.</param>
    /// <param name="registry">The event type registry.</param>
    public ProjectionRebuilder(NpgsqlDataSource ownerDataSource, EventTypeRegistry registry)
    {
        _ownerDataSource = ownerDataSource;
        _registry = registry;
    }

    /// <summary>Events per rebuild batch.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>Rebuilds <paramref name="projection"/> and swaps it in.</summary>
    /// <param name="projection">The projection; its <see cref="IProjection.Tables"/> must exist in <c>rm</c>.</param>
    /// <param name="ct">Cancels the rebuild (the live tables stay untouched).</param>
    /// <returns>The ledger position the rebuilt tables reflect.</returns>
    public async Task<long> RebuildAsync(IProjection projection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var shadow = "rm_rebuild_" + Sanitize(projection.Name);
        var tables = string.Concat(projection.Tables.Select(t =>
            $"CREATE TABLE \"{shadow}\".\"{t}\" (LIKE rm.\"{t}\" INCLUDING ALL);"));
        await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{shadow}\" CASCADE; CREATE SCHEMA \"{shadow}\"; {tables}", ct).ConfigureAwait(false);

        long position = 0;
        while (true)
        {
            var connection = await _ownerDataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var txScope = tx.ConfigureAwait(false);
            var (next, count) = await ApplyPageAsync(projection, connection, tx, shadow, position, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            position = next;
            if (count < BatchSize)
            {
                break;
            }
        }

        return await SwapAsync(projection, shadow, position, ct).ConfigureAwait(false);
    }

    private async Task<long> SwapAsync(IProjection projection, string shadow, long position, CancellationToken ct)
    {
        var connection = await _ownerDataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        // Why: holding the checkpoint row stops the daemon's batches for this projection until the swap commits.
        await ProjectionAdmin.LockCheckpointAsync(connection, tx, projection.Name, ct).ConfigureAwait(false);
        int count;
        do
        {
            (position, count) = await ApplyPageAsync(projection, connection, tx, shadow, position, ct).ConfigureAwait(false);
        }
        while (count == BatchSize);

        var retired = shadow + "_old";
        var swap = $"DROP SCHEMA IF EXISTS \"{retired}\" CASCADE; CREATE SCHEMA \"{retired}\";" + string.Concat(projection.Tables.Select(t =>
            $"ALTER TABLE rm.\"{t}\" SET SCHEMA \"{retired}\"; ALTER TABLE \"{shadow}\".\"{t}\" SET SCHEMA rm; " +
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON rm.\"{t}\" TO {EventStoreDataSources.ApplicationRole};")) +
            $"DROP SCHEMA \"{retired}\" CASCADE; DROP SCHEMA \"{shadow}\" CASCADE;";
        var command = new NpgsqlCommand(swap, connection, tx);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var reset = new NpgsqlCommand("""
            UPDATE es.checkpoints SET position = $2, status = 'running', paused_reason = NULL, failed_position = NULL,
                   failed_event_type = NULL, updated_at = now()
            WHERE name = $1 AND tenant_id = '*'
            """, connection, tx);
        await using (reset.ConfigureAwait(false))
        {
            reset.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection.Name });
            reset.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            await reset.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return position;
    }

    private async Task<(long Position, int Count)> ApplyPageAsync(IProjection projection, NpgsqlConnection connection,
        NpgsqlTransaction tx, string shadow, long after, CancellationToken ct)
    {
        var rows = await LedgerReader.ReadAsync(connection, tx, after, BatchSize, projection.EventTypes, ct).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return (after, 0);
        }

        var envelopes = rows.ConvertAll(r => r.ToEnvelope(_registry));
        await projection.ApplyAsync(envelopes, new ProjectionContext(connection, tx, shadow, true), ct).ConfigureAwait(false);
        return (rows[^1].Position!.Value, rows.Count);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        var command = _ownerDataSource.CreateCommand(sql);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static string Sanitize(string name) =>
        new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
