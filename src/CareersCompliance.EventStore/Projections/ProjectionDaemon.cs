using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore.Projections;

/// <summary>
/// Runs projections over the sealed ledger (design 7.4): each batch reads positions after the checkpoint, applies them and
/// moves the checkpoint in one transaction (exactly once). On an error the projection pauses at the exact failing position;
/// an operator resumes or skips it (<see cref="ProjectionAdmin"/>). Live tail: LISTEN es_sealed plus polling.
/// </summary>
public sealed class ProjectionDaemon
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _registry;
    private readonly IReadOnlyList<IProjection> _projections;

    /// <summary>Creates a daemon.</summary>
    /// <param name="dataSource">The application data source.</param>
    /// <param name="registry">The event type registry used to deserialize.</param>
    /// <param name="projections">The projections to run.</param>
    public ProjectionDaemon(NpgsqlDataSource dataSource, EventTypeRegistry registry, IReadOnlyList<IProjection> projections)
    {
        _dataSource = dataSource;
        _registry = registry;
        _projections = projections;
    }

    /// <summary>Events per batch.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Polling interval when no notification arrives.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called when a projection pauses (the alert hook).</summary>
    public Action<ProjectionStatus>? Paused { get; init; }

    /// <summary>Applies every sealed event to every running projection, then returns.</summary>
    /// <param name="ct">Cancels between batches.</param>
    /// <returns>How many events were applied (or passed over) in total.</returns>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        long total = 0;
        foreach (var projection in _projections)
        {
            int done;
            while ((done = await RunBatchAsync(projection, BatchSize, ct).ConfigureAwait(false)) > 0)
            {
                total += done;
            }
        }

        return total;
    }

    /// <summary>Runs until cancelled: catch up, then wait for <c>es_sealed</c> or the poll interval. A database outage or
    /// restart does not end it or pause a projection: it reconnects with a growing delay and carries on from the checkpoints.</summary>
    /// <param name="ct">Stops the daemon.</param>
    /// <param name="onTransientFault">Told of each transient fault and the delay before reconnecting (for logs).</param>
    /// <returns>A task that ends when cancelled.</returns>
    public Task RunAsync(CancellationToken ct, Action<Exception, TimeSpan>? onTransientFault = null) =>
        ResilientLoop.ListenAsync(_dataSource, "es_sealed", PollInterval, CatchUpAsync, onTransientFault, ct);

    /// <summary>Runs one batch. Returns events consumed, 0 when caught up or paused.</summary>
    private async Task<int> RunBatchAsync(IProjection projection, int batchSize, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var (checkpoint, running, head) = await ProjectionAdmin.LockCheckpointAsync(connection, tx, projection.Name, ct).ConfigureAwait(false);
        if (!running || head <= checkpoint)
        {
            await tx.RollbackAsync(ct).ConfigureAwait(false);
            return 0;
        }

        var rows = await LedgerReader.ReadAsync(connection, tx, checkpoint, batchSize, projection.EventTypes, ct).ConfigureAwait(false);
        var next = rows.Count == batchSize ? rows[^1].Position!.Value : Math.Max(head, rows.Count > 0 ? rows[^1].Position!.Value : 0);
        StoredEvent? current = null;
        try
        {
            var envelopes = new List<EventEnvelope>(rows.Count);
            foreach (var row in rows)
            {
                current = row;
                envelopes.Add(row.ToEnvelope(_registry));
            }

            current = rows.Count == 1 ? rows[0] : null;
            if (envelopes.Count > 0)
            {
                await projection.ApplyAsync(envelopes, new ProjectionContext(connection, tx, "rm", false), ct).ConfigureAwait(false);
            }

            await ProjectionAdmin.MoveCheckpointAsync(connection, tx, projection.Name, next, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return (int)Math.Clamp(next - checkpoint, 1, int.MaxValue);
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            // Why not pause: the outage is at fault, not the event; the batch runs again from the unmoved checkpoint.
            await RollbackQuietlyAsync(tx).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                throw;
            }

            if (current is null && rows.Count > 1)
            {
                // Why: find the exact failing event by replaying this batch one event per transaction.
                return await RunSinglesAsync(projection, rows.Count, ct).ConfigureAwait(false);
            }

            var failed = current ?? rows[0];
            var status = await ProjectionAdmin.PauseAsync(_dataSource, projection.Name, failed.Position!.Value, failed.EventType, e, ct)
                .ConfigureAwait(false);
            Paused?.Invoke(status);
            return 0;
        }
    }

    private static async Task RollbackQuietlyAsync(NpgsqlTransaction tx)
    {
        try
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e) || e is InvalidOperationException)
        {
            // The server ended the transaction with the connection.
        }
    }

    private async Task<int> RunSinglesAsync(IProjection projection, int count, CancellationToken ct)
    {
        var done = 0;
        for (var i = 0; i < count; i++)
        {
            var one = await RunBatchAsync(projection, 1, ct).ConfigureAwait(false);
            if (one == 0)
            {
                break;
            }

            done += one;
        }

        return done;
    }
}
