using Npgsql;

namespace CareersCompliance.EventStore.Projections;

/// <summary>Operator actions on consumers: status, resume, audited skip.</summary>
public sealed class ProjectionAdmin
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the admin API.</summary>
    /// <param name="dataSource">The application (or owner) data source.</param>
    public ProjectionAdmin(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Every known checkpoint with its lag behind the ledger head.</summary>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The statuses, by name.</returns>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken ct)
    {
        var command = _dataSource.CreateCommand("""
            SELECT c.name, c.position, c.status, h.position - c.position, c.failed_position, c.failed_event_type, c.paused_reason
            FROM es.checkpoints c, es.ledger_head h WHERE h.id = 1 AND c.tenant_id = '*' ORDER BY c.name
            """);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var result = new List<ProjectionStatus>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(new ProjectionStatus(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
                await reader.GetFieldValueAsync<long?>(4, ct).ConfigureAwait(false),
                await reader.IsDBNullAsync(5, ct).ConfigureAwait(false) ? null : reader.GetString(5),
                await reader.IsDBNullAsync(6, ct).ConfigureAwait(false) ? null : reader.GetString(6)));
        }

        return result;
    }

    /// <summary>Resumes a paused projection; it retries the failed position.</summary>
    /// <param name="name">The projection.</param>
    /// <param name="ct">Cancels the update.</param>
    /// <returns>True when a paused projection was resumed.</returns>
    public async Task<bool> ResumeAsync(string name, CancellationToken ct)
    {
        var command = _dataSource.CreateCommand("""
            UPDATE es.checkpoints SET status = 'running', paused_reason = NULL, failed_position = NULL, failed_event_type = NULL,
                   updated_at = now()
            WHERE name = $1 AND tenant_id = '*' AND status = 'paused'
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Skips the failed event of a paused projection and resumes it; the skip is recorded in <c>es.projection_skips</c>.</summary>
    /// <param name="name">The projection.</param>
    /// <param name="reason">Why the event may be skipped (mandatory).</param>
    /// <param name="actor">Who decided.</param>
    /// <param name="ct">Cancels the update.</param>
    /// <returns>The skipped position, or null when the projection was not paused on a position.</returns>
    public async Task<long?> SkipAsync(string name, string reason, string actor, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var command = _dataSource.CreateCommand("""
            WITH paused AS (
                SELECT name, failed_position, failed_event_type FROM es.checkpoints
                WHERE name = $1 AND tenant_id = '*' AND status = 'paused' AND failed_position IS NOT NULL FOR UPDATE),
            audit AS (
                INSERT INTO es.projection_skips (name, position, event_type, reason, actor)
                SELECT name, failed_position, failed_event_type, $2, $3 FROM paused RETURNING position)
            UPDATE es.checkpoints c SET position = a.position, status = 'running', paused_reason = NULL, failed_position = NULL,
                   failed_event_type = NULL, updated_at = now()
            FROM audit a WHERE c.name = $1 AND c.tenant_id = '*'
            RETURNING a.position
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long position ? position : null;
    }

    internal static async Task<(long Checkpoint, bool Running, long Head)> LockCheckpointAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, tx);
        await using var batchScope = batch.ConfigureAwait(false);
        var insert = new NpgsqlBatchCommand("INSERT INTO es.checkpoints (name, position, status) VALUES ($1, 0, 'running') ON CONFLICT DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        var select = new NpgsqlBatchCommand("""
            SELECT c.position, c.status = 'running', h.position
            FROM es.checkpoints c, es.ledger_head h WHERE c.name = $1 AND c.tenant_id = '*' AND h.id = 1 FOR UPDATE OF c
            """);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);
        var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        // The INSERT returns no result set; the reader starts on the SELECT.
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetBoolean(1), reader.GetInt64(2));
    }

    internal static async Task MoveCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, long position,
        CancellationToken ct)
    {
        var command = new NpgsqlCommand(
            "UPDATE es.checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND tenant_id = '*'", connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static async Task<ProjectionStatus> PauseAsync(NpgsqlDataSource dataSource, string name, long position, string eventType,
        Exception error, CancellationToken ct)
    {
        var command = dataSource.CreateCommand("""
            UPDATE es.checkpoints SET status = 'paused', failed_position = $2, failed_event_type = $3, paused_reason = $4, updated_at = now()
            WHERE name = $1 AND tenant_id = '*'
            RETURNING position
            """);
        await using var commandScope = command.ConfigureAwait(false);
        var reason = $"{error.GetType().Name}: {error.Message}";
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
        var checkpoint = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return new ProjectionStatus(name, checkpoint, "paused", position - checkpoint, position, eventType, reason);
    }
}
