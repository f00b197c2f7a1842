using NodaTime;

namespace CareersCompliance.EventStore;

/// <summary>A stored event with everything the store knows about it.</summary>
/// <param name="Position">The gapless ledger position, or null while the event is not sealed yet.</param>
/// <param name="EventId">The client-supplied event id.</param>
/// <param name="Stream">The stream the event belongs to.</param>
/// <param name="Version">The event's version within its stream (1-based).</param>
/// <param name="EventType">The stored type name (after upcasting, the current name).</param>
/// <param name="Data">The deserialized (and upcast) event record.</param>
/// <param name="Metadata">Actor, source, tenant, correlation and valid time.</param>
/// <param name="RecordedAt">The database transaction time at which the event was recorded.</param>
public sealed record EventEnvelope(
    long? Position,
    Guid EventId,
    StreamId Stream,
    long Version,
    string EventType,
    object Data,
    EventMetadata Metadata,
    Instant RecordedAt);

/// <summary>The events of one stream as read.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Version">The version of the last event read (0 when the stream has none).</param>
/// <param name="Events">The events in version order.</param>
public sealed record StreamSlice(StreamId Stream, long Version, IReadOnlyList<EventEnvelope> Events);

/// <summary>Limits for reading a stream as it was.</summary>
/// <param name="UpToVersion">Read events up to and including this version.</param>
/// <param name="RecordedAtOrBefore">Read only events recorded at or before this instant.</param>
public sealed record ReadStreamOptions(long? UpToVersion = null, Instant? RecordedAtOrBefore = null);
