using CareersCompliance.EventStore.Internal;
using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>
/// Reads many streams in one round trip: the named streams plus every stream of the given types.
/// Why: a school report folds thousands of small pupil and activity streams; one query per stream would dominate.
/// </summary>
public sealed class StreamSetReader
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeRegistry _registry;

    /// <summary>Creates a reader over the store's database.</summary>
    /// <param name="dataSource">The application data source.</param>
    /// <param name="registry">Maps stored names to event types, with upcasting.</param>
    public StreamSetReader(NpgsqlDataSource dataSource, EventTypeRegistry registry)
    {
        _dataSource = dataSource;
        _registry = registry;
    }

    /// <summary>Reads the events of the named streams and of every stream of the given types, each stream in version order.</summary>
    /// <param name="streams">Streams to read by id.</param>
    /// <param name="streamTypes">Stream types to read whole (for example small registers such as providers).</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The events, grouped by stream and in version order within each stream.</returns>
    public async Task<IReadOnlyList<EventEnvelope>> ReadAsync(IReadOnlyCollection<StreamId> streams, IReadOnlyCollection<string> streamTypes,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(streamTypes);
        var command = _dataSource.CreateCommand($"""
            SELECT l.position, {StoredEvent.Columns}
            FROM es.events e LEFT JOIN es.ledger l ON l.seq_id = e.seq_id
            WHERE e.stream_id = ANY($1) OR e.stream_type = ANY($2)
            ORDER BY e.stream_id, e.version
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. streams.Select(s => s.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streamTypes] });
        var events = new List<EventEnvelope>();
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var position = await reader.GetFieldValueAsync<long?>(0, ct).ConfigureAwait(false);
            events.Add(StoredEvent.Read(reader, position, 1).ToEnvelope(_registry));
        }

        return events;
    }
}
