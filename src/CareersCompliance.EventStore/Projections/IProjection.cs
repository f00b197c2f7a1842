using Npgsql;

namespace CareersCompliance.EventStore.Projections;

/// <summary>A ledger consumer (read model, alert evaluator, exporter) run by the <see cref="ProjectionDaemon"/>.</summary>
public interface IProjection
{
    /// <summary>Stable name; the checkpoint key. Renaming it forces a rebuild.</summary>
    string Name { get; }

    /// <summary>The stored event type names handled, or null for all. Other events advance the checkpoint unseen.</summary>
    IReadOnlySet<string>? EventTypes { get; }

    /// <summary>The tables (unqualified names in schema <c>rm</c>) this projection writes; a rebuild builds shadow copies of them.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Applies a batch in position order. All writes go through <paramref name="context"/> and commit with the checkpoint.</summary>
    /// <param name="events">The events, upcast to current records.</param>
    /// <param name="context">The connection, transaction and the schema to write into.</param>
    /// <param name="ct">Cancels the batch (it rolls back).</param>
    /// <returns>A task.</returns>
    Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct);
}

/// <summary>Where a projection batch writes: normally schema <c>rm</c>, during a rebuild a shadow schema.</summary>
/// <param name="Connection">The open connection.</param>
/// <param name="Transaction">The batch transaction.</param>
/// <param name="Schema">The schema holding the projection's tables for this batch.</param>
/// <param name="IsRebuild">True while rebuilding; suppress side effects such as alerts.</param>
public sealed record ProjectionContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, string Schema, bool IsRebuild)
{
    /// <summary>The quoted, schema-qualified name of one of the projection's tables.</summary>
    /// <param name="table">The unqualified table name.</param>
    /// <returns>For example <c>"rm"."school_register"</c>.</returns>
    public string Table(string table) => $"\"{Schema}\".\"{table}\"";

    /// <summary>Creates a command in this batch's transaction.</summary>
    /// <param name="sql">The SQL, with positional parameters.</param>
    /// <returns>The command; dispose it.</returns>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);
}

/// <summary>A consumer's checkpoint and health.</summary>
/// <param name="Name">The projection name.</param>
/// <param name="Position">The last ledger position applied.</param>
/// <param name="Status"><c>running</c> or <c>paused</c>.</param>
/// <param name="Lag">Ledger head minus position.</param>
/// <param name="FailedPosition">The position that failed, when paused.</param>
/// <param name="FailedEventType">The stored type of the failed event, when paused.</param>
/// <param name="PausedReason">The exception, when paused.</param>
public sealed record ProjectionStatus(string Name, long Position, string Status, long Lag, long? FailedPosition, string? FailedEventType,
    string? PausedReason);
