using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>
/// An inline projection with work to finish once its append has committed, e.g. handing messages it persisted in the
/// append's transaction to their in-memory queue. Follow-ups run only after a successful commit, in order; a rolled-back
/// append runs none, so nothing is sent for events that were never stored.
/// </summary>
public interface IInlineProjectionWithFollowUp : IInlineProjection
{
    /// <summary>Applies the events within the append's transaction and may add work for after the commit.</summary>
    /// <param name="events">The events just appended to one stream.</param>
    /// <param name="connection">The append's connection.</param>
    /// <param name="transaction">The append's transaction; an exception rolls back the append.</param>
    /// <param name="afterCommit">Collects work to run once the transaction has committed.</param>
    /// <param name="ct">Cancels the append.</param>
    /// <returns>A task.</returns>
    Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction,
        ICollection<Func<CancellationToken, Task>> afterCommit, CancellationToken ct);
}
