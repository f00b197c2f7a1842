using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>A read model the command side needs up to date: it runs inside the append transaction.</summary>
public interface IInlineProjection
{
    /// <summary>Applies freshly appended events (positions are not known yet) within the append's transaction.</summary>
    /// <param name="events">The events just appended to one stream.</param>
    /// <param name="connection">The append's connection.</param>
    /// <param name="transaction">The append's transaction; an exception rolls back the append.</param>
    /// <param name="ct">Cancels the append.</param>
    /// <returns>A task.</returns>
    Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}
