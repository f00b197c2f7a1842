using System.Text.Json;
using NodaTime;
using Npgsql;

namespace CareersCompliance.EventStore.Internal;

/// <summary>One row as read, before deserialization; shared by stream reads, the global read and the daemon.</summary>
internal sealed record StoredEvent(
    long? Position, Guid EventId, Guid StreamId, string StreamType, long Version, string EventType, short SchemaVersion,
    string Data, string Metadata, Instant RecordedAt)
{
    public const string Columns =
        "e.event_id, e.stream_id, e.stream_type, e.version, e.event_type, e.schema_ver, e.data::text, e.metadata::text, e.recorded_at";

    public static StoredEvent Read(NpgsqlDataReader reader, long? position, int first) => new(
        position,
        reader.GetGuid(first),
        reader.GetGuid(first + 1),
        reader.GetString(first + 2),
        reader.GetInt64(first + 3),
        reader.GetString(first + 4),
        reader.GetInt16(first + 5),
        reader.GetString(first + 6),
        reader.GetString(first + 7),
        Instant.FromDateTimeUtc(reader.GetDateTime(first + 8)));

    public EventEnvelope ToEnvelope(EventTypeRegistry registry)
    {
        var (name, data) = registry.Deserialize(EventType, SchemaVersion, Data);
        var metadata = JsonSerializer.Deserialize<EventMetadata>(Metadata, registry.JsonOptions)
            ?? throw new JsonException($"Event {EventId} has null metadata.");
        return new EventEnvelope(Position, EventId, new StreamId(StreamType, StreamId), Version, name, data, metadata, RecordedAt);
    }
}
