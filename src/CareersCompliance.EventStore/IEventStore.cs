namespace CareersCompliance.EventStore;

/// <summary>The event store: append with optimistic concurrency, read streams, read the sealed global log.</summary>
public interface IEventStore
{
    /// <summary>Appends events to one stream atomically. Retrying with the same event ids appends nothing and returns the earlier result.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expected">The expected current version.</param>
    /// <param name="events">The events, at least one.</param>
    /// <param name="ct">Cancels the append (the transaction rolls back).</param>
    /// <returns>The new stream version.</returns>
    /// <exception cref="ConcurrencyConflictException">When the stream is not at the expected version.</exception>
    /// <exception cref="EventStoreException">When some (not all) of the event ids were stored before.</exception>
    Task<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken ct);

    /// <summary>Appends to several streams in one transaction: all or nothing. Streams are locked in sorted order.</summary>
    /// <param name="appends">One entry per stream (a stream must not appear twice).</param>
    /// <param name="ct">Cancels the append.</param>
    /// <returns>One result per entry, in the given order.</returns>
    /// <exception cref="ConcurrencyConflictException">When any stream is not at its expected version; nothing is stored.</exception>
    Task<IReadOnlyList<AppendResult>> AppendMultipleAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct);

    /// <summary>Reads a stream in version order, optionally as it was up to a version or a record time.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="options">Optional limits.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The events (upcast to current records) and the version of the last one.</returns>
    Task<StreamSlice> ReadStreamAsync(StreamId stream, ReadStreamOptions? options, CancellationToken ct);

    /// <summary>Reads the sealed global log after a ledger position, in position order.</summary>
    /// <param name="afterPosition">Read positions greater than this (0 reads from the start).</param>
    /// <param name="maxCount">At most this many events.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The events with their positions.</returns>
    Task<IReadOnlyList<EventEnvelope>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken ct);

    /// <summary>Appends many events to many streams fast (binary COPY) under an exclusive import lock.
    /// Streams whose event ids are already stored are skipped, so a re-run import is idempotent.</summary>
    /// <param name="appends">The events per stream, in source order.</param>
    /// <param name="ct">Cancels the import (nothing is stored).</param>
    /// <returns>How many events were stored and how many were skipped as duplicates.</returns>
    /// <exception cref="ConcurrencyConflictException">When a stream is not at its expected version; nothing is stored.</exception>
    Task<ImportResult> ImportAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct);
}
