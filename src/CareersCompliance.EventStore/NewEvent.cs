namespace CareersCompliance.EventStore;

/// <summary>An event to append. The client-supplied <paramref name="EventId"/> makes retries idempotent.</summary>
/// <param name="EventId">A unique id chosen by the caller; appending the same ids again appends nothing.</param>
/// <param name="Data">The event record; its CLR type must be mapped in the <see cref="EventTypeRegistry"/>.</param>
/// <param name="Metadata">Actor, source, tenant and correlation of the event.</param>
public sealed record NewEvent(Guid EventId, object Data, EventMetadata Metadata);

/// <summary>Events for one stream within a multi-stream append or an import.</summary>
/// <param name="Stream">The target stream.</param>
/// <param name="Expected">The expected version of the stream.</param>
/// <param name="Events">The events, in order.</param>
public sealed record StreamAppend(StreamId Stream, ExpectedVersion Expected, IReadOnlyList<NewEvent> Events);
