using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Commands;

/// <summary>
/// The one way to append: load the stream, fold it, decide, append with optimistic concurrency.
/// Endpoints, CLI verbs, imports and automations all come through here.
/// </summary>
public sealed class StreamCommandHandler(IEventStore store)
{
    public async Task<AppendResult> HandleAsync<TState, TEvent>(
        StreamDefinition<TState, TEvent> stream,
        StreamId streamId,
        Func<TState, TEvent[]> decide,
        CommandContext context,
        CancellationToken ct,
        ExpectedVersion? expected = null)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentNullException.ThrowIfNull(context);
        var history = await store.ReadStreamAsync(streamId, null, ct);
        var state = Fold(stream, history);
        var events = decide(state);
        if (events.Length == 0)
        {
            return AppendResult.NothingToAppend(streamId, history.Version);
        }

        var metadata = context.ToMetadata();
        var newEvents = events.Select(e => new NewEvent(Guid.CreateVersion7(), e, metadata)).ToList();
        return await store.AppendAsync(streamId, (expected ?? ExpectedVersion.Any).Or(history.Version), newEvents, ct);
    }

    /// <summary>Starts a batch: many commands over many streams, decided in order and appended all or nothing.</summary>
    public CommandBatch StartBatch() => new(store);

    internal static TState Fold<TState, TEvent>(StreamDefinition<TState, TEvent> stream, StreamSlice history)
        where TEvent : class
    {
        var state = stream.Initial;
        foreach (var envelope in history.Events)
        {
            if (envelope.Data is TEvent e)
            {
                state = stream.Evolve(state, e);
            }
        }

        return state;
    }
}
